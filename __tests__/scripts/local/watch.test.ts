import { DynamoDBClient, GetItemCommand, PutItemCommand } from "@aws-sdk/client-dynamodb";
import { loadFunctions } from "../../../scripts/local/functions";
import { Session } from "../../../scripts/local/session";
import { readStack } from "../../../scripts/local/stack";
import { httpEvent, StackCopy } from "./local-fixtures";

// What `serve --watch` does once its synth has written new zips: the changed functions run their
// new code, the others and the emulated state (tables) and credentials stay.
describe("serve --watch: a rebuilt function runs its new code, the state is kept", () => {
  const copy = new StackCopy("aws-dev");
  let session: Session;
  beforeAll(async () => {
    session = await Session.start({ outdir: copy.outdir, stack: "aws-dev", log: () => undefined });
  });
  afterAll(async () => {
    await session?.close();
    copy.remove();
  });

  test("only the function whose zip changed is swapped; its credentials and the table's items stay", async () => {
    const dynamo = new DynamoDBClient({ endpoint: session.endpoint, region: "eu-west-1", credentials: session.identities.operator });
    await dynamo.send(new PutItemCommand({ TableName: "svc-dev-users", Item: { id: { S: "kept" } } }));
    const hello = () => session.invoke(session.byName("svc-dev-hello")!, httpEvent("GET", "/hello"), () => undefined);
    const before = await hello();
    expect(before).toMatchObject({ ok: true, payload: { statusCode: 200 } });
    const credentials = session.identities.of(session.byName("svc-dev-hello")!);

    // As a synth of an edited handler writes it: a new zip and its source_code_hash.
    copy.editCode("svc-dev-hello", (files) => ({ "index.js": 'exports.handler = async () => ({ statusCode: 200, body: "edited" });', ...Object.fromEntries(Object.entries(files).filter(([k]) => k !== "index.js")) }));
    copy.save();
    const changed = session.replaceFunctions(loadFunctions(readStack(copy.outdir, "aws-dev"), session.endpoint));

    expect(changed).toEqual(["svc-dev-hello"]);
    expect(await hello()).toMatchObject({ ok: true, payload: { statusCode: 200, body: "edited" } });
    expect(session.identities.of(session.byName("svc-dev-hello")!)).toEqual(credentials);
    expect((await dynamo.send(new GetItemCommand({ TableName: "svc-dev-users", Key: { id: { S: "kept" } } }))).Item).toEqual({ id: { S: "kept" } });
  });
});
