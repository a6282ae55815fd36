//! The `echo` route: answers `{"action":"echo","text":...}` with the text and the connection
//! it came from, as API Gateway hands a WebSocket message to a Lambda function.

use aws_lambda_events::apigw::{ApiGatewayProxyResponse, ApiGatewayWebsocketProxyRequest};
use aws_lambda_events::encodings::Body;
use lambda_runtime::{service_fn, Error, LambdaEvent};
use serde_json::{json, Value};

async fn echo(event: LambdaEvent<ApiGatewayWebsocketProxyRequest>) -> Result<ApiGatewayProxyResponse, Error> {
    let request = event.payload;
    let message: Value = serde_json::from_str(request.body.as_deref().unwrap_or("{}"))?;
    let reply = json!({
        "echo": message["text"],
        "connectionId": request.request_context.connection_id,
        "language": "rust",
    });
    let mut response = ApiGatewayProxyResponse::default();
    response.status_code = 200;
    response.body = Some(Body::Text(reply.to_string()));
    Ok(response)
}

#[tokio::main]
async fn main() -> Result<(), Error> {
    lambda_runtime::run(service_fn(echo)).await
}
