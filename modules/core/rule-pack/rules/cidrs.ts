/** CIDR ranges as the network sees them, whatever their spelling (for rules about the whole internet). */
import { parseCidr } from "../../cidr";

/** A CIDR as the range [start, end) of one address family; undefined if unreadable. */
function rangeOf(cidr: unknown): { bits: number; start: bigint; end: bigint } | undefined {
  const parsed = typeof cidr === "string" && cidr.includes("/") ? parseCidr(cidr) : undefined;
  if (!parsed) return undefined;
  const bits = parsed.version === 4 ? 32 : 128;
  return { bits, start: parsed.network, end: parsed.network + (1n << BigInt(bits - parsed.prefix)) };
}

/**
 * The CIDRs of one rule that together open it to the whole internet: any spelling of a /0
 * (`0.0.0.0/0`, `::/0`, `0::/0`, `::0/0`) or ranges that add up to every address of a family
 * (`0.0.0.0/1` and `128.0.0.0/1`). Judged on the parsed ranges, not on their spelling.
 */
export function openCidrs(cidrs: readonly unknown[]): string[] {
  const open: string[] = [];
  for (const bits of [32, 128]) {
    const ranges = cidrs.map((c) => ({ cidr: c, range: rangeOf(c) })).filter((r) => r.range?.bits === bits);
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
