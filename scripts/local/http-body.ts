import type { IncomingMessage, ServerResponse } from "node:http";

/** A request's body, or undefined past `maxBytes` (what the emulated service would refuse). */
export function readBody(req: IncomingMessage, maxBytes: number): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size <= maxBytes) chunks.push(chunk);
    });
    req.on("end", () => resolve(size > maxBytes ? undefined : Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

/** Writes a whole response with its length. */
export function sendBody(res: ServerResponse, status: number, headers: Record<string, string | string[]>, body: Buffer): void {
  res.writeHead(status, { ...headers, "content-length": body.length });
  res.end(body);
}
