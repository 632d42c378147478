//! What every generated operation runs through: the [`Context`] a client carries and the hooks
//! that read it.

use std::fmt;
use std::sync::Arc;

// The hook's trait lives in maton-core, which this crate builds on (never the reverse).
pub use maton_core::{Execute, ExecuteFuture};

/// Per-client settings that generated operations consult; cheap to clone.
#[derive(Clone, Default)]
pub struct Context {
    executor: Option<Arc<dyn Execute>>,
}

impl Context {
    /// A context that sends every request through `executor`.
    pub fn with_executor(executor: Arc<dyn Execute>) -> Self {
        Self {
            executor: Some(executor),
        }
    }

    pub(crate) async fn execute(
        &self,
        http: &reqwest::Client,
        request: reqwest::Request,
        operation_id: &'static str,
    ) -> reqwest::Result<reqwest::Response> {
        match &self.executor {
            Some(executor) => executor.execute(http, request, operation_id).await,
            None => http.execute(request).await,
        }
    }
}

impl fmt::Debug for Context {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Context")
            .field("executor", &self.executor.as_ref().map(|_| "custom"))
            .finish()
    }
}

/// Implements progenitor's hooks for a generated client: execute through the client's
/// [`Context`]. (The `api-version` header progenitor would add from `info.version`, which
/// neither Twilio nor the gateway knows, is taken out of the generated code by the post-pass.)
macro_rules! impl_hooks {
    ($client:ty) => {
        impl progenitor_client::ClientHooks<$crate::Context> for $client {
            async fn exec(
                &self,
                request: reqwest::Request,
                info: &progenitor_client::OperationInfo,
            ) -> reqwest::Result<reqwest::Response> {
                let http = progenitor_client::ClientInfo::client(self);
                self.inner.execute(http, request, info.operation_id).await
            }
        }
    };
}
pub(crate) use impl_hooks;
