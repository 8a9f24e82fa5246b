import { createHash } from "node:crypto";
import type { IamStatement } from "../../../modules/core/terraform";
import type { DeclaredSecret } from "../declared";
import type { AuthorizationRequest } from "../iam-check";
import type { Access } from "./access";
import { awsError, jsonBody, jsonResponse, type AwsRequest, type AwsResponse, type Service } from "./protocol";

interface SecretValue {
  readonly versionId: string;
  readonly string?: string;
  readonly binary?: string;
  readonly createdDate: number;
}

/**
 * Secrets Manager (`X-Amz-Target: secretsmanager.<Operation>`) over the stack's secrets: a secret
 * has no value until one is put (`PutSecretValue`, e.g. by the operator, as a deploy puts it out of
 * band), then `GetSecretValue` answers it. Each call is authorized on the secret's ARN, with the
 * secret's resource policy; with a customer-managed key, the caller also needs the key's actions
 * through Secrets Manager (`kms:ViaService`), as Secrets Manager asks KMS on the caller's behalf
 * (the key's own policy is not evaluated locally). Only the current version (AWSCURRENT) is kept.
 */
export class SecretsManagerService implements Service {
  readonly signingName = "secretsmanager";
  readonly protocol = "json-1.1" as const;
  readonly actions = ["secretsmanager:GetSecretValue", "secretsmanager:PutSecretValue", "secretsmanager:DescribeSecret"];
  private readonly values = new Map<string, SecretValue>();

  constructor(
    private readonly secrets: readonly DeclaredSecret[],
    private readonly access: Access,
    private readonly where: { readonly accountId: string; readonly region: string; readonly partition: string },
  ) {}

  async handle(request: AwsRequest): Promise<AwsResponse> {
    const operation = /^secretsmanager\.(\w+)$/.exec(String(request.headers["x-amz-target"] ?? ""))?.[1] ?? "";
    const input = jsonBody(request);
    if (!input) return awsError(this.protocol, 400, "SerializationException", "the body is not JSON", request.requestId);
    if (!this.actions.includes(`secretsmanager:${operation}`)) {
      this.access.notEmulated(request.caller, `secretsmanager:${operation}`, `Secrets Manager ${operation}`);
      return awsError(this.protocol, 400, "UnsupportedOperation", `Secrets Manager ${operation} is not emulated by npm run local (GetSecretValue, PutSecretValue and DescribeSecret are)`, request.requestId);
    }
    const secret = this.secretOf(input.SecretId);
    if (!secret) {
      // A secret of another stack or account: its grant cannot be judged here (never reported unused).
      this.access.notEmulated(request.caller, `secretsmanager:${operation}`, `Secrets Manager ${operation} of ${String(input.SecretId)}, which is not a secret of the stack`);
      return awsError(this.protocol, 400, "ResourceNotFoundException", "Secrets Manager can't find the specified secret.", request.requestId);
    }
    const refusal = await this.access.check(request.caller, [{ action: `secretsmanager:${operation}`, resource: secret.arn, context: {} }, ...this.keyRequests(secret, operation)]);
    if (refusal) return awsError(this.protocol, 400, "AccessDeniedException", refusal.message, request.requestId);
    const current = this.values.get(secret.arn);
    switch (operation) {
      case "GetSecretValue": {
        const stage = input.VersionStage === undefined ? "AWSCURRENT" : String(input.VersionStage);
        const wrongVersion = input.VersionId !== undefined && input.VersionId !== current?.versionId;
        if (!current || stage !== "AWSCURRENT" || wrongVersion) {
          const which = input.VersionId !== undefined ? `VersionId: ${String(input.VersionId)}` : `staging label: ${stage}`;
          return awsError(this.protocol, 400, "ResourceNotFoundException", `Secrets Manager can't find the specified secret value for ${which}`, request.requestId);
        }
        return jsonResponse(this.protocol, {
          ARN: secret.arn,
          Name: secret.name,
          VersionId: current.versionId,
          VersionStages: ["AWSCURRENT"],
          CreatedDate: current.createdDate,
          ...(current.string !== undefined && { SecretString: current.string }),
          ...(current.binary !== undefined && { SecretBinary: current.binary }),
        });
      }
      case "PutSecretValue": {
        const string = typeof input.SecretString === "string" ? input.SecretString : undefined;
        const binary = typeof input.SecretBinary === "string" ? input.SecretBinary : undefined;
        if ((string === undefined) === (binary === undefined)) return awsError(this.protocol, 400, "InvalidParameterException", "You must provide either SecretString or SecretBinary.", request.requestId);
        // The client's token is the version's id, as in Secrets Manager (the SDK fills it in).
        const versionId = typeof input.ClientRequestToken === "string" ? input.ClientRequestToken : createHash("sha256").update(`${secret.arn}\n${string ?? binary}`).digest("hex").slice(0, 32);
        this.values.set(secret.arn, { versionId, string, binary, createdDate: Date.now() / 1000 });
        return jsonResponse(this.protocol, { ARN: secret.arn, Name: secret.name, VersionId: versionId, VersionStages: ["AWSCURRENT"] });
      }
      default:
        return jsonResponse(this.protocol, {
          ARN: secret.arn,
          Name: secret.name,
          ...(secret.description !== undefined && { Description: secret.description }),
          ...(secret.kmsKey !== undefined && { KmsKeyId: secret.kmsKey }),
          ...(current && { VersionIdsToStages: { [current.versionId]: ["AWSCURRENT"] } }),
        });
    }
  }

  /** What Secrets Manager asks KMS for with the caller's credentials: decrypt to read, a data key (and decrypt) to write. */
  private keyRequests(secret: DeclaredSecret, operation: string): AuthorizationRequest[] {
    if (secret.kmsKey === undefined || operation === "DescribeSecret") return [];
    const { partition, region, accountId } = this.where;
    const key = secret.kmsKey.startsWith("arn:") ? secret.kmsKey : `arn:${partition}:kms:${region}:${accountId}:${secret.kmsKey.startsWith("alias/") ? secret.kmsKey : `key/${secret.kmsKey}`}`;
    const context = { "kms:ViaService": `secretsmanager.${region}.${partition === "aws-cn" ? "amazonaws.com.cn" : "amazonaws.com"}`, "kms:EncryptionContext:SecretARN": secret.arn };
    const actions = operation === "PutSecretValue" ? ["kms:GenerateDataKey", "kms:Decrypt"] : ["kms:Decrypt"];
    return actions.map((action) => ({ action, resource: key, context, resourcePolicy: [delegatingKeyPolicy(partition, accountId)] }));
  }

  /** A secret by its name, its ARN, or its ARN without the random suffix (a partial ARN), as Secrets Manager accepts. */
  private secretOf(id: unknown): DeclaredSecret | undefined {
    if (typeof id !== "string" || id === "") return undefined;
    return this.secrets.find((s) => s.arn === id || s.name === id || s.arn.replace(/-[A-Za-z0-9]{6}$/, "") === id);
  }
}

/**
 * KMS asks the key's policy first; it is not evaluated locally (docs/local.md). What stands in is the
 * statement of KMS's default key policy that hands the decision to the account's IAM policies, so the
 * caller's own policy decides, as with any other resource: never more than it allows.
 */
function delegatingKeyPolicy(partition: string, accountId: string): IamStatement {
  return {
    label: "the key policy's default statement (not evaluated locally)",
    effect: "Allow",
    actions: ["kms:*"],
    notActions: [],
    resources: ["*"],
    notResources: [],
    principals: [{ type: "AWS", identifiers: [`arn:${partition}:iam::${accountId}:root`] }],
    notPrincipals: [],
    hasNotPrincipals: false,
    conditions: [],
    syntax: "json",
    source: { address: "local", attribute: "key policy" },
  };
}
