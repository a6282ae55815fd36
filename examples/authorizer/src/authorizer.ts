// The REQUEST authorizer of $connect: lets a client in when its `token` query parameter is one
// this demo accepts, and passes the token on to the routes.
type AuthorizerEvent = { methodArn: string; queryStringParameters?: { token?: string } };

export const main = async (event: AuthorizerEvent) => {
  const token = event.queryStringParameters?.token ?? "";
  return {
    principalId: token || "anonymous",
    policyDocument: {
      Version: "2012-10-17",
      Statement: [{ Action: "execute-api:Invoke", Effect: token === "let-me-in" ? "Allow" : "Deny", Resource: event.methodArn }],
    },
    context: { token },
  };
};
