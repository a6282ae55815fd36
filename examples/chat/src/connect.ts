// $connect: remembers the connection in the table bound to every route.
import { DynamoDBClient, PutItemCommand } from "@aws-sdk/client-dynamodb";

const db = new DynamoDBClient({});

export const main = async (event: { requestContext: { connectionId: string } }) => {
  await db.send(
    new PutItemCommand({
      TableName: process.env.SST_Table_tableName_connections,
      Item: { id: { S: event.requestContext.connectionId } },
    }),
  );
  return { statusCode: 200 };
};
