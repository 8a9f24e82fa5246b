import { duplicateJsonKey } from "../../../../modules/core/terraform/json-duplicates";

describe("duplicateJsonKey", () => {
  test.each([
    ['{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Effect":"Deny"}]}', "Statement.[].Effect"],
    ['{"a":1,"a":2}', "a"],
    ['{"Statement":{"Condition":{"StringEquals":{"k":"v","k":"w"}}}}', "Statement.Condition.StringEquals.k"],
    ['{"a\\u0062":1,"ab":2}', "ab"],
  ])("Noncompliant: %s names %s", (text, path) => {
    expect(duplicateJsonKey(text)).toBe(path);
  });

  test.each([
    '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"},{"Effect":"Deny","Action":"s3:GetObject","Resource":"*"}]}',
    '{"a":{"b":1},"b":{"a":1},"c":["a","a",{"a":"\\"a\\""}]}',
  ])("Compliant: %s (the same key in different objects)", (text) => {
    expect(duplicateJsonKey(text)).toBeUndefined();
  });
});
