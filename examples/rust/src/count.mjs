// $default: counts the messages this environment has served; the count lives as long as the
// environment stays warm.
let served = 0;

export const handler = async () => {
  served += 1;
  return { statusCode: 200, body: JSON.stringify({ served }) };
};
