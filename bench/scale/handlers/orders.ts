// A small orders handler: the bench shares five entries round-robin among its functions.
interface Event {
  readonly rawPath?: string;
  readonly pathParameters?: Readonly<Record<string, string | undefined>>;
}

const KIND = "orders";

export const handler = async (event: Event): Promise<{ statusCode: number; headers: Record<string, string>; body: string }> => {
  const id = event.pathParameters?.id ?? "";
  if (!/^[A-Za-z0-9-]{1,64}$/.test(id)) {
    return { statusCode: 400, headers: { "content-type": "application/json" }, body: JSON.stringify({ error: "invalid id" }) };
  }
  return {
    statusCode: 200,
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ kind: KIND, id, path: event.rawPath, table: process.env.TABLE_NAME }),
  };
};
