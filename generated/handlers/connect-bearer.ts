// The `$connect` handler added when the token travels as a subprotocol and the app has no
// `$connect` route: it echoes `bearer`, without which browsers drop the connection (1002).
import { bearerProtocol, type ConnectEvent } from "./claims";

export const handler = async (event: ConnectEvent): Promise<{ statusCode: number; headers?: Record<string, string> }> => {
  const headers = bearerProtocol(event);
  return headers ? { statusCode: 200, headers } : { statusCode: 200 };
};
