// post (ESM): uses the AWS SDK's management API client on https://${domainName}/${stage}, as
// handlers written for AWS do: GET its own connection, then POST to the connection named in
// the message (or itself).
import { ApiGatewayManagementApiClient, GetConnectionCommand, PostToConnectionCommand } from "@aws-sdk/client-apigatewaymanagementapi";

export const handler = async (event) => {
  const { domainName, stage, connectionId } = event.requestContext;
  const client = new ApiGatewayManagementApiClient({ endpoint: `https://${domainName}/${stage}` });
  const { to, data } = JSON.parse(event.body);
  const me = await client.send(new GetConnectionCommand({ ConnectionId: connectionId }));
  try {
    await client.send(new PostToConnectionCommand({ ConnectionId: to || connectionId, Data: data }));
    return { statusCode: 200, body: JSON.stringify({ posted: true, sourceIp: me.Identity.SourceIp }) };
  } catch (e) {
    return { statusCode: 500, body: JSON.stringify({ posted: false, error: e.name, status: e.$metadata?.httpStatusCode }) };
  }
};
