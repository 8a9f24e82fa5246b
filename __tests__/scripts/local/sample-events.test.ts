import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Session } from "../../../scripts/local/session";
import { appOutdir } from "./local-fixtures";

// The sample events shipped in examples/events/ drive the aws-dev functions they are named after
// (the nightly report's schedule event is run by the CLI test).
const EVENTS = join(__dirname, "..", "..", "..", "examples", "events");
const event = (file: string) => JSON.parse(readFileSync(join(EVENTS, file), "utf8")) as unknown;

describe("examples/events", () => {
  let session: Session;
  beforeAll(async () => {
    session = await Session.start({ outdir: appOutdir(), stack: "aws-dev", log: () => undefined });
  });
  afterAll(() => session?.close());

  test("hello-get.json and users-create.json run their functions", async () => {
    const [hello, create] = await Promise.all([
      session.invoke(session.byName("svc-dev-hello")!, event("hello-get.json"), () => undefined),
      session.invoke(session.byName("svc-dev-users-create")!, event("users-create.json"), () => undefined),
    ]);
    expect(hello).toMatchObject({ ok: true, payload: { statusCode: 200, body: JSON.stringify({ message: "Hello, Ada!" }) } });
    expect(create).toMatchObject({ ok: true, payload: { statusCode: 201 } });
    expect(JSON.parse((create as { payload: { body: string } }).payload.body)).toMatchObject({ name: "Ada Lovelace", email: "ada@example.com" });
  });
});
