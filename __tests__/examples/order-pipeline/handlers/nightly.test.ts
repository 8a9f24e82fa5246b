import type { ScheduledEvent } from "aws-lambda";
import { handler, previousDay } from "../../../../examples/order-pipeline/handlers/nightly";
import { captureLogs, context, noCallback, sampleEvent } from "./events";

describe("order-pipeline: nightly run", () => {
  it("closes the previous UTC day, across month and year ends", () => {
    expect(previousDay("2026-03-01T02:00:00Z")).toBe("2026-02-28");
    expect(previousDay("2027-01-01T02:00:00Z")).toBe("2026-12-31");
    expect(() => previousDay("yesterday")).toThrow("not a time");
  });

  it("logs the day it closes for the scheduled event", async () => {
    const logs = captureLogs();
    try {
      await handler(sampleEvent<ScheduledEvent>("schedule-nightly"), context, noCallback);
      expect(logs.lines).toEqual([{ level: "info", message: "closing day", day: "2026-01-01" }]);
    } finally {
      logs.restore();
    }
  });
});
