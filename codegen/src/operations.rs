//! Operation metadata read straight from the spec (method, path, media types), emitted
//! next to progenitor's client so that hand-written code never restates the spec.

use openapiv3::{OpenAPI, ReferenceOr, StatusCode};
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

/// `pub mod operations { pub const CREATE_TOKEN: Operation = …; }` for every operation.
pub(crate) fn metadata_tokens(spec: &OpenAPI) -> TokenStream {
    let consts = spec.paths.iter().flat_map(|(path, item)| {
        let ReferenceOr::Item(item) = item else {
            return Vec::new();
        };
        item.iter()
            .filter_map(|(method, op)| {
                let operation_id = op.operation_id.as_deref()?;
                let name = format_ident!("{}", screaming_snake(operation_id));
                let method = method.to_ascii_uppercase();
                let request = match &op.request_body {
                    Some(ReferenceOr::Item(body)) => body.content.keys().cloned().collect(),
                    _ => Vec::new(),
                };
                let success = success_media_types(op);
                let doc = format!("`{method} {path}` (operationId `{operation_id}`).");
                Some(quote! {
                    #[doc = #doc]
                    pub const #name: Operation = Operation {
                        operation_id: #operation_id,
                        method: #method,
                        path: #path,
                        request_media_types: &[#(#request),*],
                        success_media_types: &[#(#success),*],
                    };
                })
            })
            .collect::<Vec<_>>()
    });
    quote! {
        /// What the spec says of each operation, for hand-written code that sends it.
        pub mod operations {
            /// One operation of the spec.
            #[derive(Debug, Clone, Copy, PartialEq, Eq)]
            pub struct Operation {
                /// The spec's operationId.
                pub operation_id: &'static str,
                /// The HTTP method, upper case.
                pub method: &'static str,
                /// The path, relative to the server URL.
                pub path: &'static str,
                /// The media types the request body may be sent as, in spec order.
                pub request_media_types: &'static [&'static str],
                /// The media types of the success (lowest 2xx) response, in spec order.
                pub success_media_types: &'static [&'static str],
            }
            #(#consts)*
        }
    }
}

fn success_media_types(op: &openapiv3::Operation) -> Vec<String> {
    op.responses
        .responses
        .iter()
        .filter_map(|(status, response)| match (status, response) {
            (StatusCode::Code(code @ 200..=299), ReferenceOr::Item(r)) => Some((*code, r)),
            _ => None,
        })
        .min_by_key(|(code, _)| *code)
        .map(|(_, r)| r.content.keys().cloned().collect())
        .unwrap_or_default()
}

/// The name of the generated constant for an operationId: `CreateToken` →
/// `CREATE_TOKEN`, `get-token` → `GET_TOKEN`.
pub fn screaming_snake(id: &str) -> String {
    let mut out = String::with_capacity(id.len() + 4);
    let mut previous_lower = false;
    for c in id.chars() {
        if c.is_ascii_alphanumeric() {
            if c.is_ascii_uppercase() && previous_lower {
                out.push('_');
            }
            previous_lower = c.is_ascii_lowercase() || c.is_ascii_digit();
            out.push(c.to_ascii_uppercase());
        } else {
            if !out.ends_with('_') && !out.is_empty() {
                out.push('_');
            }
            previous_lower = false;
        }
    }
    if out.starts_with(|c: char| c.is_ascii_digit()) {
        out.insert(0, '_');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::screaming_snake;

    #[test]
    fn operation_ids_become_constant_names() {
        assert_eq!(screaming_snake("CreateToken"), "CREATE_TOKEN");
        assert_eq!(screaming_snake("get-token"), "GET_TOKEN");
        assert_eq!(screaming_snake("getAdvertisersMe2"), "GET_ADVERTISERS_ME2");
        assert_eq!(screaming_snake("2fa"), "_2FA");
    }
}
