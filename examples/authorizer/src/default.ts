// $default: acknowledges every message.
export const main = async (event: { body?: string }) => ({ statusCode: 200, body: JSON.stringify({ received: event.body ?? "" }) });
