// sendMessage: posts the message to every connection, then answers the sender (the route
// returns its response).
import { ApiGatewayManagementApiClient, PostToConnectionCommand } from "@aws-sdk/client-apigatewaymanagementapi";
import { DynamoDBClient, ScanCommand } from "@aws-sdk/client-dynamodb";

const db = new DynamoDBClient({});

type Event = {
  body?: string;
  requestContext: { domainName: string; stage: string };
};

export const main = async (event: Event) => {
  const { message } = JSON.parse(event.body ?? "{}") as { message?: string };
  const api = new ApiGatewayManagementApiClient({
    endpoint: `https://${event.requestContext.domainName}/${event.requestContext.stage}`,
  });
  const connections = await db.send(new ScanCommand({ TableName: process.env.SST_Table_tableName_connections }));
  for (const item of connections.Items ?? []) {
    await api.send(new PostToConnectionCommand({ ConnectionId: item.id.S, Data: JSON.stringify({ message }) }));
  }
  return { statusCode: 200, body: JSON.stringify({ sent: connections.Items?.length ?? 0 }) };
};
