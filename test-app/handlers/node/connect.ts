export const main = async (event: { requestContext: { connectionId: string } }) => {
  console.log("connected", event.requestContext.connectionId);
  return { statusCode: 200 };
};
