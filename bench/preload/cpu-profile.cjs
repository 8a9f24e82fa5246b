// Benchmark CPU profile preload (plain CommonJS, loaded with NODE_OPTIONS="--require <this file>",
// because Node 20 refuses --cpu-prof in NODE_OPTIONS and the app command must stay as it is).
// Active only when BENCH_CPU_PROFILE_DIR is set: every Node.js process of the run profiles its main
// thread with the inspector and writes <dir>/<pid>.cpuprofile.json ({ argv, profile }) at exit.
"use strict";

const dir = process.env.BENCH_CPU_PROFILE_DIR;
if (dir && require("worker_threads").isMainThread) {
  const fs = require("fs");
  const path = require("path");
  const inspector = require("inspector");
  const session = new inspector.Session();
  session.connect();
  const interval = Number(process.env.BENCH_CPU_PROFILE_INTERVAL_US || 500);
  session.post("Profiler.enable");
  session.post("Profiler.setSamplingInterval", { interval });
  session.post("Profiler.start");
  process.on("exit", () => {
    // Same-thread inspector sessions answer synchronously, so this completes before the exit.
    session.post("Profiler.stop", (error, result) => {
      if (error || !result) return;
      const file = path.join(dir, `${process.pid}.cpuprofile.json`);
      fs.writeFileSync(file, JSON.stringify({ argv: process.argv, intervalUs: interval, profile: result.profile }));
    });
  });
}
