import { SecretsmanagerSecret } from "@cdktf/provider-aws/lib/secretsmanager-secret";
import { Construct } from "constructs";
import { KMS_KEY_ARN, lengthBetween, matches } from "../core/rules";
import { optional, props, required, type TypeOf } from "../core/schema";
import { stackEnvironment } from "../core/stack-environment";
import { AWS_TAGS } from "../core/tags";
import { claimUniqueName } from "../core/unique-names";
import { grantToFunction, keyStatement, sidPart, type GrantableFunction, type GrantStatement } from "./function-grants";
import { checkAgainstAwsStack } from "./aws-stack-checks";

/**
 * Secrets Manager's names: 1 to 512 of letters, digits and `/_+=.@-`. A name ending in a hyphen and
 * six characters is refused: it reads like the random suffix of an ARN, and a partial ARN would
 * then find the wrong secret (Secrets Manager's own advice).
 */
const SECRET_NAME = matches(/^(?![\s\S]*-[A-Za-z0-9]{6}$)[A-Za-z0-9/_+=.@-]{1,512}$/, "1 to 512 letters, digits or /_+=.@- not ending in a hyphen and six characters");
/** Days a deleted secret can still be restored: 30 where the environment is protected, else 7 (the least Secrets Manager allows). */
const RECOVERY_WINDOW_DAYS = { protected: 30, unprotected: 7 } as const;

/** The props of `Secret`. */
export const SECRET_PROPS = props(
  {
    /** Name of the secret, e.g. `orders/stripe-api-key`. Its value is set outside Terraform, so it never reaches the state. */
    secretName: required(SECRET_NAME),
    /** What the secret holds and who rotates it, at most 2048 characters. @default none */
    description: optional(lengthBetween(0, 2048)),
    /** Customer-managed KMS key (a key ARN, in the stack's region); readers then get `kms:Decrypt` through Secrets Manager. @default the AWS-managed key aws/secretsmanager */
    kmsKeyArn: optional(KMS_KEY_ARN),
    /** Tags on the secret (the provider adds its default tags). @default none */
    tags: optional(AWS_TAGS),
  },
  {
    name: "Secret props",
    expected: "an object with at least secretName",
    refine(secret, r) {
      if (!r.scope) return;
      claimUniqueName(r.v, r.scope, "secret name", "secretName", secret.secretName);
      checkAgainstAwsStack(r, secret);
    },
  },
);

export interface SecretProps extends TypeOf<typeof SECRET_PROPS> {}

/**
 * A Secrets Manager secret, without its value (set it with the console or CLI: a value in Terraform
 * would sit in plain text in the state). Deleting it keeps it restorable for 30 days where the
 * environment is protected, 7 elsewhere. `grantRead` (or a function's `secrets`) lets a function
 * read this secret and no other.
 */
export class Secret extends Construct {
  public readonly secretName: string;
  /** The secret's name (a reference to it). */
  public readonly name: string;
  /** The secret's full ARN (with the random suffix Secrets Manager adds). */
  public readonly arn: string;
  /** The customer-managed key that encrypts the secret, when it has one. */
  public readonly kmsKeyArn?: string;
  public readonly secret: SecretsmanagerSecret;

  constructor(scope: Construct, id: string, props: SecretProps) {
    super(scope, id);
    SECRET_PROPS.validate(this, props);
    this.secretName = props.secretName;
    this.kmsKeyArn = props.kmsKeyArn;
    // "Default": the secret keeps the address a raw SecretsmanagerSecret with the construct's id had.
    this.secret = new SecretsmanagerSecret(this, "Default", {
      name: props.secretName,
      description: props.description,
      kmsKeyId: props.kmsKeyArn,
      recoveryWindowInDays: stackEnvironment(this).protected ? RECOVERY_WINDOW_DAYS.protected : RECOVERY_WINDOW_DAYS.unprotected,
      tags: props.tags ? { ...props.tags } : undefined,
    });
    this.name = this.secret.name;
    this.arn = this.secret.arn;
  }

  /** Lets `fn` read the secret's value (`GetSecretValue` on this secret only, and its key through Secrets Manager). */
  public grantRead(fn: GrantableFunction): void {
    grantToFunction(this, "Secret", "grantRead", fn, this.readStatements());
  }

  private readStatements(): GrantStatement[] {
    const sid = `Secret${sidPart(this.node.id)}`;
    return [
      { sid: `${sid}Read`, actions: ["secretsmanager:GetSecretValue"], resources: [this.arn] },
      ...(this.kmsKeyArn !== undefined ? [keyStatement(this, `${sid}Key`, this.kmsKeyArn, ["kms:Decrypt"], "secretsmanager", `secret ${this.secretName}`)] : []),
    ];
  }
}
