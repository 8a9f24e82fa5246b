import {
  arnOf,
  atMostItems,
  booleanValue,
  firstDuplicate,
  integerBetween,
  lengthBetween,
  matches,
  nonEmptyArray,
  oneOf,
} from "../../../modules/core/rules";

describe("integerBetween", () => {
  const rule = integerBetween(128, 10240, "MB");

  test("describes the range with its unit", () => {
    expect(rule.description).toBe("an integer from 128 to 10240 MB");
    expect(integerBetween(1, 5).description).toBe("an integer from 1 to 5");
  });

  test("accepts both bounds and values between them", () => {
    expect([128, 129, 1024, 10240].every((v) => rule.test(v))).toBe(true);
  });

  test.each([127, 10241, 0, -1, 128.5, Number.NaN, Number.POSITIVE_INFINITY])("refuses %p", (value) => {
    expect(rule.test(value)).toBe(false);
  });

  test("refuses numbers given as strings", () => {
    expect(rule.test("256" as unknown as number)).toBe(false);
  });
});

describe("oneOf", () => {
  const rule = oneOf(["arm64", "x86_64"] as const);

  test("lists the allowed values as JSON", () => {
    expect(rule.description).toBe('one of "arm64", "x86_64"');
    expect(oneOf([1, 3]).description).toBe("one of 1, 3");
  });

  test("accepts listed values only, case-sensitively", () => {
    expect(rule.test("arm64")).toBe(true);
    expect(rule.test("ARM64" as "arm64")).toBe(false);
    expect(rule.test("aarch64" as "arm64")).toBe(false);
  });
});

describe("matches", () => {
  const rule = matches(/^[a-z]+$/, "lowercase letters");

  test("uses the given description", () => {
    expect(rule.description).toBe("lowercase letters");
  });

  test("tests strings against the pattern and refuses non-strings", () => {
    expect(rule.test("abc")).toBe(true);
    expect(rule.test("Abc")).toBe(false);
    expect(rule.test(42 as unknown as string)).toBe(false);
  });
});

describe("lengthBetween", () => {
  test("accepts lengths within the bounds only", () => {
    const rule = lengthBetween(1, 3);
    expect(rule.description).toBe("a string of 1 to 3 characters");
    expect(rule.test("a")).toBe(true);
    expect(rule.test("abc")).toBe(true);
    expect(rule.test("")).toBe(false);
    expect(rule.test("abcd")).toBe(false);
  });
});

describe("list rules", () => {
  test("nonEmptyArray refuses empty lists and non-lists", () => {
    const rule = nonEmptyArray<string>("subnet ids");
    expect(rule.description).toBe("a non-empty list of subnet ids");
    expect(rule.test(["a"])).toBe(true);
    expect(rule.test([])).toBe(false);
    expect(rule.test("a" as unknown as string[])).toBe(false);
  });

  test("atMostItems accepts up to the limit", () => {
    const rule = atMostItems<string>(5, "layers");
    expect(rule.description).toBe("at most 5 layers");
    expect(rule.test(["1", "2", "3", "4", "5"])).toBe(true);
    expect(rule.test(["1", "2", "3", "4", "5", "6"])).toBe(false);
  });
});

describe("booleanValue", () => {
  test("accepts true and false only", () => {
    expect(booleanValue.test(true)).toBe(true);
    expect(booleanValue.test(false)).toBe(true);
    expect(booleanValue.test("true" as unknown as boolean)).toBe(false);
    expect(booleanValue.test(1 as unknown as boolean)).toBe(false);
  });
});

describe("firstDuplicate", () => {
  test("returns the key of the first item seen twice", () => {
    const routes = [
      { method: "GET", path: "/a" },
      { method: "POST", path: "/a" },
      { method: "GET", path: "/a" },
    ];
    expect(firstDuplicate(routes, (r) => `${r.method} ${r.path}`)).toBe("GET /a");
  });

  test("returns undefined when every key is distinct", () => {
    expect(firstDuplicate(["a", "b"], (s) => s)).toBeUndefined();
    expect(firstDuplicate([], (s: string) => s)).toBeUndefined();
  });
});

describe("arnOf", () => {
  const QUEUE = arnOf("sqs", "an SQS queue ARN");
  const STREAM = arnOf("dynamodb", "a DynamoDB stream ARN", /^table\/[^/]+\/stream\/.+$/);

  test("accepts ARNs of the service in every partition", () => {
    expect(QUEUE.test("arn:aws:sqs:eu-west-1:111111111111:orders")).toBe(true);
    expect(QUEUE.test("arn:aws-cn:sqs:cn-north-1:111111111111:orders")).toBe(true);
    expect(QUEUE.description).toBe("an SQS queue ARN (arn:aws:sqs:<region>:<account>:...)");
  });

  test.each(["arn:aws:sns:eu-west-1:111111111111:orders", "orders", "arn:aws:sqs:eu-west-1:1111:orders", "arn:aws:sqs:eu-west-1:111111111111:"])(
    "refuses %p as a queue ARN",
    (arn) => expect(QUEUE.test(arn)).toBe(false),
  );

  test("narrows the resource part", () => {
    expect(STREAM.test("arn:aws:dynamodb:eu-west-1:111111111111:table/orders/stream/2026-01-01T00:00:00.000")).toBe(true);
    expect(STREAM.test("arn:aws:dynamodb:eu-west-1:111111111111:table/orders")).toBe(false);
  });
});
