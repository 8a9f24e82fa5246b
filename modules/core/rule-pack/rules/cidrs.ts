/** CIDR ranges as the network sees them, whatever their spelling (for rules about the whole internet). */

/** A CIDR as a range of one address family: IPv4 (32 bits) or IPv6 (128 bits); undefined if unreadable. */
function parseCidr(cidr: unknown): { bits: number; start: bigint; end: bigint } | undefined {
  if (typeof cidr !== "string") return undefined;
  const match = /^([0-9a-fA-F:.]+)\/(\d{1,3})$/.exec(cidr.trim());
  if (!match) return undefined;
  const prefix = Number(match[2]);
  const address = match[1].includes(":") ? ipv6(match[1]) : ipv4(match[1]);
  if (address === undefined) return undefined;
  const bits = match[1].includes(":") ? 128 : 32;
  if (prefix > bits) return undefined;
  const size = 1n << BigInt(bits - prefix);
  const start = (address / size) * size;
  return { bits, start, end: start + size };
}

function ipv4(text: string): bigint | undefined {
  const parts = text.split(".");
  if (parts.length !== 4 || parts.some((p) => !/^\d{1,3}$/.test(p) || Number(p) > 255)) return undefined;
  return parts.reduce((n, p) => (n << 8n) | BigInt(Number(p)), 0n);
}

function ipv6(text: string): bigint | undefined {
  const halves = text.split("::");
  if (halves.length > 2) return undefined;
  const groups = (h: string) => (h === "" ? [] : h.split(":"));
  const head = groups(halves[0]);
  const tail = halves.length === 2 ? groups(halves[1]) : [];
  const missing = 8 - head.length - tail.length;
  if ((halves.length === 2 && missing < 1) || (halves.length === 1 && missing !== 0)) return undefined;
  const all = [...head, ...Array<string>(halves.length === 2 ? missing : 0).fill("0"), ...tail];
  if (all.some((g) => !/^[0-9a-fA-F]{1,4}$/.test(g))) return undefined;
  return all.reduce((n, g) => (n << 16n) | BigInt(parseInt(g, 16)), 0n);
}

/**
 * The CIDRs of one rule that together open it to the whole internet: any spelling of a /0
 * (`0.0.0.0/0`, `::/0`, `0::/0`, `::0/0`) or ranges that add up to every address of a family
 * (`0.0.0.0/1` and `128.0.0.0/1`). Judged on the parsed ranges, not on their spelling.
 */
export function openCidrs(cidrs: readonly unknown[]): string[] {
  const open: string[] = [];
  for (const bits of [32, 128]) {
    const ranges = cidrs.map((c) => ({ cidr: c, range: parseCidr(c) })).filter((r) => r.range?.bits === bits);
    const sorted = [...ranges].sort((a, b) => (a.range!.start < b.range!.start ? -1 : a.range!.start > b.range!.start ? 1 : 0));
    let covered = 0n;
    for (const { range } of sorted) {
      if (range!.start > covered) break;
      if (range!.end > covered) covered = range!.end;
    }
    if (covered >= 1n << BigInt(bits)) open.push(...ranges.map((r) => String(r.cidr)));
  }
  return open;
}
