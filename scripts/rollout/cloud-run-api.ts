import { spawnSync } from "node:child_process";

/** A traffic target of a Cloud Run service (Admin API v2). */
export interface TrafficTarget {
  readonly type: "TRAFFIC_TARGET_ALLOCATION_TYPE_LATEST" | "TRAFFIC_TARGET_ALLOCATION_TYPE_REVISION";
  readonly revision?: string;
  readonly percent?: number;
  readonly tag?: string;
}

/** What a traffic target resolved to, with its tag's URL. */
export interface TrafficStatus extends TrafficTarget {
  readonly uri?: string;
}

export interface Condition {
  readonly type?: string;
  readonly state?: string;
  readonly message?: string;
  readonly reason?: string;
}

/** The fields of a Service (Admin API v2) the rollout reads. */
export interface Service {
  /** `projects/<project>/locations/<location>/services/<service>`. */
  readonly name: string;
  readonly etag?: string;
  readonly reconciling?: boolean;
  /** Full revision names, `.../revisions/<revision>`. */
  readonly latestReadyRevision?: string;
  readonly latestCreatedRevision?: string;
  readonly traffic?: readonly TrafficTarget[];
  readonly trafficStatuses?: readonly TrafficStatus[];
  readonly terminalCondition?: Condition;
}

export interface Revision {
  readonly name: string;
  readonly conditions?: readonly Condition[];
}

export interface Operation {
  readonly name: string;
  readonly done?: boolean;
  readonly error?: { readonly code?: number; readonly message?: string };
}

/** The calls of the Cloud Run Admin API v2 the rollout makes. */
export interface CloudRunApi {
  getService(name: string): Promise<Service>;
  getRevision(name: string): Promise<Revision>;
  /** PATCH of the service's traffic only (`updateMask=traffic`), guarded by its etag; Cloud Run answers with a long-running operation. */
  updateTraffic(service: Service, traffic: readonly TrafficTarget[]): Promise<Operation>;
}

/** An error the API answered with: its HTTP status and Google's message. */
export class CloudRunApiError extends Error {
  override name = "CloudRunApiError";
  constructor(
    public readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export const CLOUD_RUN_ENDPOINT = "https://run.googleapis.com";

/**
 * The Cloud Run Admin API v2 over HTTPS, authorized with an OAuth access token from `token` (asked
 * for each request, so a token that expires during a long deploy is renewed).
 */
export function cloudRunApi(options: { readonly endpoint?: string; readonly token: () => Promise<string> }): CloudRunApi {
  const endpoint = (options.endpoint ?? CLOUD_RUN_ENDPOINT).replace(/\/+$/, "");
  const call = async <T>(method: "GET" | "PATCH", path: string, body?: unknown): Promise<T> => {
    const response = await fetch(`${endpoint}/v2/${path}`, {
      method,
      headers: { authorization: `Bearer ${await options.token()}`, "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    const json = text ? (JSON.parse(text) as { error?: { message?: string } }) : {};
    if (!response.ok) throw new CloudRunApiError(response.status, `${method} ${path}: ${response.status} ${json.error?.message ?? text}`);
    return json as T;
  };
  return {
    getService: (name) => call<Service>("GET", name),
    getRevision: (name) => call<Revision>("GET", name),
    updateTraffic: (service, traffic) => call<Operation>("PATCH", `${service.name}?updateMask=traffic`, { traffic, etag: service.etag }),
  };
}

/**
 * An access token for the Google APIs: `GOOGLE_OAUTH_ACCESS_TOKEN` (or `CLOUDSDK_AUTH_ACCESS_TOKEN`)
 * when set, else what `gcloud auth print-access-token` prints (in the deploy workflow, gcloud uses the
 * Workload Identity credentials google-github-actions/auth wrote).
 */
export async function googleAccessToken(env: NodeJS.ProcessEnv = process.env): Promise<string> {
  const given = env.GOOGLE_OAUTH_ACCESS_TOKEN ?? env.CLOUDSDK_AUTH_ACCESS_TOKEN;
  if (given) return given;
  const run = spawnSync("gcloud", ["auth", "print-access-token", "--quiet"], { encoding: "utf8" });
  const token = run.status === 0 ? run.stdout.trim() : "";
  if (!token) {
    throw new Error(
      `no Google access token: set GOOGLE_OAUTH_ACCESS_TOKEN, or sign gcloud in (gcloud auth print-access-token ${run.error ? `could not run: ${run.error.message}` : `said: ${run.stderr.trim()}`})`,
    );
  }
  return token;
}

/** The short name of a revision (`svc-00002-abc`) from its full name. */
export function revisionId(name: string | undefined): string | undefined {
  return name?.split("/").pop() || undefined;
}
