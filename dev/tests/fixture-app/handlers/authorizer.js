// REQUEST authorizer: token "good" is allowed, "bad" denied, "boom" throws Unauthorized,
// "crash" throws something else; the context is passed on to every later event.
exports.handler = async (event) => {
  const token = event.queryStringParameters.token;
  if (token === "boom") throw new Error("Unauthorized");
  if (token === "crash") throw new Error("database down");
  return {
    principalId: `user-${token}`,
    policyDocument: {
      Version: "2012-10-17",
      Statement: [{ Action: "execute-api:Invoke", Effect: token === "good" ? "Allow" : "Deny", Resource: event.methodArn }],
    },
    context: { team: event.headers["X-Team"], level: 3, admin: true },
  };
};
