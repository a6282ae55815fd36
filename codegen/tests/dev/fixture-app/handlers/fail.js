// Handlers that misbehave, selected by route key: throw, hang past the timeout, kill their
// process, flood stdout; `slow` takes 12 s (past a short integration timeout).
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
    case "slow":
      await new Promise((r) => setTimeout(r, 12_000));
      return { statusCode: 200, body: "slow done" };
  }
  return { statusCode: 200, body: "?" };
};
