// whoami: answers with what the authorizer found in the token (flat strings: sub, iss, aud,
// scopes and the claims the model names).
type Event = { requestContext: { authorizer?: Record<string, string | number | boolean> } };

export const main = async (event: Event) => {
  const { principalId, sub, scopes, email } = event.requestContext.authorizer ?? {};
  return { statusCode: 200, body: JSON.stringify({ principalId, sub, scopes, email }) };
};
