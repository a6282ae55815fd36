// $disconnect: forgets the connection.
import { DeleteItemCommand, DynamoDBClient } from "@aws-sdk/client-dynamodb";

const db = new DynamoDBClient({});

export const main = async (event: { requestContext: { connectionId: string } }) => {
  await db.send(
    new DeleteItemCommand({
      TableName: process.env.SST_Table_tableName_connections,
      Key: { id: { S: event.requestContext.connectionId } },
    }),
  );
  return { statusCode: 200 };
};
