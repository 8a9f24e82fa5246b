import { cidrContains, parseCidr } from "../../../modules/core/cidr";

describe("CIDR containment", () => {
  it("contains narrower IPv4 and IPv6 blocks, not wider or other ones", () => {
    expect(cidrContains("10.0.0.0/8", "10.1.0.0/16")).toBe(true);
    expect(cidrContains("0.0.0.0/0", "192.168.1.1")).toBe(true);
    expect(cidrContains("10.1.0.0/16", "10.0.0.0/8")).toBe(false);
    expect(cidrContains("10.0.0.0/16", "10.1.0.0/24")).toBe(false);
    expect(cidrContains("2001:db8::/32", "2001:db8:1::/48")).toBe(true);
    expect(cidrContains("::/0", "2001:db8::1")).toBe(true);
    expect(cidrContains("2001:db8::/32", "2001:db9::/48")).toBe(false);
    expect(cidrContains("0.0.0.0/0", "::/0")).toBe(false);
    expect(parseCidr("10.0.0.0/33")).toBeUndefined();
    expect(parseCidr("${var.cidr}")).toBeUndefined();
  });
});
