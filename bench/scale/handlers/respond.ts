// Shared by the bench's five entries, which the scale app hands out round-robin to its functions;
// each entry bundles this module with its own kind, as real services share code between handlers.
interface Event {
  readonly rawPath?: string;
  readonly pathParameters?: Readonly<Record<string, string | undefined>>;
}

type Result = { statusCode: number; headers: Record<string, string>; body: string };

export function handlerFor(kind: string): (event: Event) => Promise<Result> {
  return async (event) => {
    const id = event.pathParameters?.id ?? "";
    if (!/^[A-Za-z0-9-]{1,64}$/.test(id)) {
      return { statusCode: 400, headers: { "content-type": "application/json" }, body: JSON.stringify({ error: "invalid id" }) };
    }
    return {
      statusCode: 200,
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ kind, id, path: event.rawPath, table: process.env.TABLE_NAME }),
    };
  };
}
