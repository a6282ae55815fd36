// echo (two-way) and oneway: answers with what the event and environment say, and logs the
// body (the studio test finds the line in the timeline). `calls` is module state: it grows only
// while the environment stays warm.
let calls = 0;
exports.handler = async (event) => {
  calls += 1;
  console.log(`echo ${event.body}`);
  return {
    statusCode: 200,
    body: JSON.stringify({
      calls,
      body: event.body,
      requestContext: event.requestContext,
      isBase64Encoded: event.isBase64Encoded,
      env: { MAIN_URL: process.env.MAIN_URL, MAIN_CALLBACK: process.env.MAIN_CALLBACK, AWS_REGION: process.env.AWS_REGION, AWS_LAMBDA_FUNCTION_NAME: process.env.AWS_LAMBDA_FUNCTION_NAME },
    }),
  };
};
