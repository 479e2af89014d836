//! A guard in front of stdin: LSP frames are checked before tower-lsp-server sees them.
//!
//! tower-lsp-server answers a malformed frame (a bad `Content-Length`, a body that is not JSON,
//! JSON that is not a JSON-RPC message) with an error and then its framed reader stops, which
//! ends the session. An editor must never lose its server to one bad message, so this filter
//! answers such frames itself and forwards only well-formed ones.

use tokio::io::{AsyncBufReadExt, AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt, BufReader};

/// Frames larger than this are refused (and skipped): a 64 MB message is not an editor's.
const MAX_FRAME: usize = 64 * 1024 * 1024;

/// Wraps the server's input and output: returns the reader and writer to give tower-lsp-server.
/// Well-formed frames pass through; a malformed one gets a JSON-RPC error response with a null
/// id (-32700 for a parse error, -32600 for an invalid request) and the session goes on. All
/// output goes through one writer task, frame by frame, so the error responses never interleave
/// with the server's own messages.
pub fn guarded_io<R, W>(
    input: R,
    output: W,
) -> (
    impl AsyncRead + Unpin + Send + 'static,
    impl AsyncWrite + Unpin + Send + 'static,
)
where
    R: AsyncRead + Unpin + Send + 'static,
    W: AsyncWrite + Unpin + Send + 'static,
{
    let (mut to_server, server_in) = tokio::io::duplex(1 << 16);
    let (server_out, from_server) = tokio::io::duplex(1 << 16);
    let (frames, mut outbox) = tokio::sync::mpsc::unbounded_channel::<Vec<u8>>();

    let errors = frames.clone();
    tokio::spawn(async move {
        let mut input = BufReader::with_capacity(1 << 16, input);
        loop {
            match read_frame(&mut input, true).await {
                Ok(Some(Frame::Good(body))) => {
                    let header = format!("Content-Length: {}\r\n\r\n", body.len());
                    if to_server.write_all(header.as_bytes()).await.is_err()
                        || to_server.write_all(&body).await.is_err()
                    {
                        break;
                    }
                }
                Ok(Some(Frame::Bad(code, why))) => {
                    eprintln!("iam-policy-ls: malformed message: {why}");
                    let body = serde_json::json!({"jsonrpc": "2.0", "id": null, "error": {"code": code, "message": why}}).to_string();
                    let _ = errors.send(body.into_bytes());
                }
                Ok(None) | Err(_) => break,
            }
        }
        let _ = to_server.shutdown().await;
    });
    tokio::spawn(async move {
        let mut from_server = BufReader::with_capacity(1 << 16, from_server);
        while let Ok(Some(Frame::Good(body))) = read_frame(&mut from_server, false).await {
            if frames.send(body).is_err() {
                break;
            }
        }
    });
    tokio::spawn(async move {
        let mut output = output;
        while let Some(body) = outbox.recv().await {
            let header = format!("Content-Length: {}\r\n\r\n", body.len());
            if output.write_all(header.as_bytes()).await.is_err()
                || output.write_all(&body).await.is_err()
                || output.flush().await.is_err()
            {
                break;
            }
        }
    });
    (server_in, server_out)
}

enum Frame {
    Good(Vec<u8>),
    /// A JSON-RPC error code and what was wrong.
    Bad(i64, String),
}

const PARSE_ERROR: i64 = -32700;
const INVALID_REQUEST: i64 = -32600;

/// Reads one frame: headers up to an empty line, then `Content-Length` bytes.
async fn read_frame<R: AsyncRead + Unpin>(
    input: &mut BufReader<R>,
    validate: bool,
) -> std::io::Result<Option<Frame>> {
    let mut length: Option<Result<usize, String>> = None;
    let mut line = String::new();
    let mut saw_header = false;
    loop {
        line.clear();
        if input.read_line(&mut line).await? == 0 {
            return Ok(None);
        }
        let trimmed = line.trim_end_matches(['\r', '\n']);
        if trimmed.is_empty() {
            if saw_header {
                break;
            }
            continue;
        }
        saw_header = true;
        // Resynchronise after a frame whose body length was unknown: its body runs straight
        // into the next header, so a `Content-Length:` inside the line starts a new frame.
        let trimmed = match trimmed.to_ascii_lowercase().find("content-length:") {
            Some(i) if i > 0 => &trimmed[i..],
            _ => trimmed,
        };
        if let Some((name, value)) = trimmed.split_once(':')
            && name.trim().eq_ignore_ascii_case("content-length")
        {
            length = Some(
                value
                    .trim()
                    .parse::<usize>()
                    .map_err(|_| format!("bad Content-Length {:?}", value.trim())),
            );
        }
    }
    let n = match length {
        Some(Ok(n)) if n <= MAX_FRAME => n,
        Some(Ok(n)) => {
            // Skip the oversized body so the stream stays in sync.
            let mut sink = tokio::io::sink();
            tokio::io::copy(&mut input.take(n as u64), &mut sink).await?;
            return Ok(Some(Frame::Bad(
                INVALID_REQUEST,
                format!("a {n}-byte message is over the {MAX_FRAME}-byte limit"),
            )));
        }
        Some(Err(why)) => return Ok(Some(Frame::Bad(PARSE_ERROR, why))),
        None => {
            return Ok(Some(Frame::Bad(
                PARSE_ERROR,
                "no Content-Length header".into(),
            )));
        }
    };
    let mut body = vec![0; n];
    input.read_exact(&mut body).await?;
    if !validate {
        return Ok(Some(Frame::Good(body)));
    }
    match serde_json::from_slice::<serde_json::Value>(&body) {
        Ok(serde_json::Value::Object(o)) if o.contains_key("method") || o.contains_key("id") => {
            Ok(Some(Frame::Good(body)))
        }
        Ok(_) => Ok(Some(Frame::Bad(
            INVALID_REQUEST,
            "JSON that is not a JSON-RPC message".into(),
        ))),
        Err(e) => Ok(Some(Frame::Bad(PARSE_ERROR, format!("invalid JSON: {e}")))),
    }
}
