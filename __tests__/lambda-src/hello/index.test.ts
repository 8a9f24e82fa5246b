import { handler } from "../../../lambda-src/hello";
import { bodyOf, httpEvent, lambdaContext } from "../http-fixtures";

const hello = (query?: Record<string, string>) => handler(httpEvent({ path: "/hello", query }), lambdaContext());

describe("GET /hello", () => {
  it("greets the world by default", async () => {
    const response = await hello();
    expect(response.statusCode).toBe(200);
    expect(bodyOf(response)).toEqual({ message: "Hello, world!" });
  });

  it.each(["Ada", "Ada Lovelace", "user_1-b", "José", "a".repeat(64)])("greets %p", async (name) => {
    const response = await hello({ name });
    expect(response.statusCode).toBe(200);
    expect(bodyOf(response)).toEqual({ message: `Hello, ${name}!` });
  });

  it("ignores other query parameters", async () => {
    expect(bodyOf(await hello({ other: "<x>" }))).toEqual({ message: "Hello, world!" });
  });

  it.each(["", "   ", "a".repeat(65), "<script>", "Ada,Grace", "semi;colon", "new\nline", "😀"])(
    "answers 400 for the name %p",
    async (name) => {
      const response = await hello({ name });
      expect(response.statusCode).toBe(400);
      expect(bodyOf(response)).toEqual({ error: "name must be 1 to 64 letters, digits, spaces, - or _" });
    },
  );
});
