// Handlers that misbehave, selected by route key: throw, hang past the timeout (asleep, or
// spinning on the CPU), kill their process, flood stdout (2 MB, or 10 MB), answer 10 MB (past
// Lambda's 6 MB response limit); `slow` takes 12 s (past a short integration timeout). `pid`
// tells which environment (process) answered.
exports.handler = async (event) => {
  switch (event.requestContext.routeKey) {
    case "throw":
      throw new Error("handler failed on purpose");
    case "hang":
      await new Promise((r) => setTimeout(r, 60_000));
      return { statusCode: 200, body: "too late" };
    case "crash":
      process.exit(3);
    case "flood":
      for (let i = 0; i < 500; i++) process.stdout.write("x".repeat(4096) + "\n");
      return { statusCode: 200, body: "flooded" };
    case "spin":
      for (;;);
    case "print":
      for (let i = 0; i < 10 * 256; i++) process.stdout.write("#".repeat(4095) + "\n");
      return { statusCode: 200, body: "printed" };
    case "huge":
      return { statusCode: 200, body: "z".repeat(10 * 1024 * 1024) };
    case "pid":
      return { statusCode: 200, body: String(process.pid) };
    case "slow":
      await new Promise((r) => setTimeout(r, 12_000));
      return { statusCode: 200, body: "slow done" };
  }
  return { statusCode: 200, body: "?" };
};
