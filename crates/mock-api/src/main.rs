//! `mock-api [--port 3001] [--scenario pro-monthly] [--test-controls] [--static-dir DIR] [--host-dir DIR] [--strict-csp] [--provider-port N]`

use std::process::ExitCode;

fn main() -> ExitCode {
    let config = match mock_api::ServerConfig::from_args(std::env::args().skip(1)) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("mock-api: {e}\nusage: mock-api [--port 3001] [--scenario pro-monthly] [--test-controls] [--static-dir DIR] [--host-dir DIR] [--strict-csp] [--provider-port N]");
            return ExitCode::from(2);
        }
    };
    let runtime = tokio::runtime::Runtime::new().expect("tokio runtime");
    runtime.block_on(async move {
        match mock_api::spawn(config).await {
            Ok(server) => {
                println!("mock-api listening on http://{}/api/v1", server.addr);
                if let Some(provider) = server.provider_addr {
                    println!("reference payment provider on http://{provider}");
                }
                let _ = tokio::signal::ctrl_c().await;
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("mock-api: {e}");
                ExitCode::FAILURE
            }
        }
    })
}
