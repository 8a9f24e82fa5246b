import { ScanCommand } from "@aws-sdk/client-dynamodb";
import { countUsers, type ScanClient } from "../../lambda-src/report";

describe("users report", () => {
  it("adds up the counts of every page and asks DynamoDB for counts only", async () => {
    const pages = [
      { Count: 3, LastEvaluatedKey: { id: { S: "c" } } },
      { Count: 2, LastEvaluatedKey: undefined },
    ];
    const sent: ScanCommand[] = [];
    const fake: ScanClient = {
      send: async (command) => {
        sent.push(command);
        return pages[sent.length - 1];
      },
    };
    await expect(countUsers("svc-dev-users", fake)).resolves.toBe(5);
    expect(sent.map((c) => c.input)).toEqual([
      { TableName: "svc-dev-users", Select: "COUNT", ExclusiveStartKey: undefined },
      { TableName: "svc-dev-users", Select: "COUNT", ExclusiveStartKey: { id: { S: "c" } } },
    ]);
  });
});
