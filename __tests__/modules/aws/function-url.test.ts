import { only, resources } from "./support";
import { addedStatements, expectRefused, withProps } from "./events/helpers";

describe("ServerlessFunction url", () => {
  test("AWS_IAM by default: the URL only, no resource-policy statement (callers' own policies grant it)", () => {
    const { json, fn } = withProps({ url: {} });
    expect(only(json, "aws_lambda_function_url")).toEqual({
      function_name: expect.stringMatching(/^\$\{aws_lambda_function\.[^.]+\.function_name\}$/),
      authorization_type: "AWS_IAM",
    });
    expect(resources(json, "aws_lambda_permission")).toEqual({});
    expect(fn.functionUrl).toMatch(/^\$\{TfToken/);
    expect(addedStatements(json)).toEqual([]);
  });

  test("NONE: a URL any caller may invoke through, findable by its authorization_type", () => {
    const { json } = withProps({ url: { authorization: "NONE", invokeMode: "RESPONSE_STREAM" } });
    expect(only(json, "aws_lambda_function_url")).toMatchObject({ authorization_type: "NONE", invoke_mode: "RESPONSE_STREAM" });
    expect(only(json, "aws_lambda_permission")).toEqual({
      statement_id: "function-url-public",
      action: "lambda:InvokeFunctionUrl",
      function_name: expect.stringMatching(/aws_lambda_function/),
      principal: "*",
      function_url_auth_type: "NONE",
    });
  });

  test("CORS is written as given", () => {
    const { json } = withProps({ url: { cors: { allowOrigins: ["https://shop.example.com"], allowMethods: ["GET", "POST"], allowHeaders: ["content-type"], maxAge: 300 } } });
    expect(only(json, "aws_lambda_function_url").cors).toEqual({
      allow_origins: ["https://shop.example.com"],
      allow_methods: ["GET", "POST"],
      allow_headers: ["content-type"],
      max_age: 300,
    });
  });

  test("no URL, no functionUrl", () => {
    const { json, fn } = withProps({});
    expect(resources(json, "aws_lambda_function_url")).toEqual({});
    expect(fn.functionUrl).toBeUndefined();
  });

  test("authorization, invokeMode and CORS values are checked", () => {
    expectRefused({ url: { authorization: "IAM" as "NONE" } }, "url.authorization", /one of "AWS_IAM", "NONE"/, "IAM");
    expectRefused({ url: { invokeMode: "STREAM" as "BUFFERED" } }, "url.invokeMode", /one of "BUFFERED", "RESPONSE_STREAM"/, "STREAM");
    expectRefused({ url: { cors: { allowOrigins: ["shop.example.com"] } } }, "url.cors.allowOrigins[0]", /an origin/, "shop.example.com");
    expectRefused({ url: { cors: { allowOrigins: ["*"], allowCredentials: true } } }, "url.cors.allowCredentials", /false when allowOrigins includes "\*"/, true);
    expectRefused({ url: { cors: { allowOrigins: ["*"], allowMethods: ["OPTIONS" as "GET"] } } }, "url.cors.allowMethods[0]", /one of "GET"/, "OPTIONS");
    expectRefused({ url: { cors: { allowOrigins: ["*"], maxAge: 86401 } } }, "url.cors.maxAge", /from 0 to 86400/, 86401);
    expectRefused({ url: { cors: {} as never } }, "url.cors.allowOrigins", /set \(it is required with cors\)/);
    expectRefused({ url: { auth: "NONE" } as never }, "url.auth", /one of the known props \(authorization, cors, invokeMode\)/);
  });
});
