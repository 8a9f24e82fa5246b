/**
 * The first key written twice in one object of a JSON text (valid JSON, as `JSON.parse` accepted
 * it), with its path, or undefined. `JSON.parse` keeps the last value and IAM may read another:
 * a policy with `"Effect":"Allow",...,"Effect":"Deny"` means what nobody can tell for sure.
 */
export function duplicateJsonKey(text: string): string | undefined {
  // One frame per open object or array: the keys seen (objects), and the key or index it is at.
  const frames: { keys?: Set<string>; expectKey: boolean; at: string }[] = [];
  let lastKey = "";
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === '"') {
      let j = i + 1;
      while (text[j] !== '"') j += text[j] === "\\" ? 2 : 1;
      const frame = frames[frames.length - 1];
      if (frame?.keys && frame.expectKey) {
        const key = JSON.parse(text.slice(i, j + 1)) as string;
        if (frame.keys.has(key)) return [...frames.map((f) => f.at).filter((a) => a !== ""), key].join(".");
        frame.keys.add(key);
        frame.expectKey = false;
        lastKey = key;
      }
      i = j + 1;
      continue;
    }
    if (c === "{" || c === "[") {
      const parent = frames[frames.length - 1];
      frames.push({ keys: c === "{" ? new Set() : undefined, expectKey: c === "{", at: parent ? (parent.keys ? lastKey : "[]") : "" });
    } else if (c === "}" || c === "]") frames.pop();
    else if (c === ",") {
      const frame = frames[frames.length - 1];
      if (frame?.keys) frame.expectKey = true;
    }
    i++;
  }
  return undefined;
}
