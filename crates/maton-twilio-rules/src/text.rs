//! What the checked text types (the SIDs, [`PhoneNumber`](crate::PhoneNumber)) share: they wrap
//! a `String` that their `parse` has checked, and every way in goes through `parse`.

/// The trait impls of a checked text type `$name(String)` whose
/// `parse(&str) -> Result<Self, ParseError>` checks the text: `Debug` as `Name(text)`,
/// `Display` as the text, `FromStr` and `TryFrom<&str>` / `TryFrom<String>` through `parse`,
/// `AsRef<str>`, into `String`, and serde as the text, deserializing through `parse`.
macro_rules! checked_text {
    ($name:ident) => {
        impl ::std::fmt::Debug for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                write!(f, "{}({})", stringify!($name), self.0)
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl ::std::str::FromStr for $name {
            type Err = $crate::ParseError;
            fn from_str(text: &str) -> Result<Self, $crate::ParseError> {
                Self::parse(text)
            }
        }

        impl TryFrom<&str> for $name {
            type Error = $crate::ParseError;
            fn try_from(text: &str) -> Result<Self, $crate::ParseError> {
                Self::parse(text)
            }
        }

        impl TryFrom<String> for $name {
            type Error = $crate::ParseError;
            fn try_from(text: String) -> Result<Self, $crate::ParseError> {
                Self::parse(&text)
            }
        }

        impl AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }

        impl From<$name> for String {
            fn from(value: $name) -> String {
                value.0
            }
        }

        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(&self.0)
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            /// Checks the text as [`parse`](Self::parse) does.
            fn deserialize<D: ::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> Result<Self, D::Error> {
                let text = String::deserialize(deserializer)?;
                Self::parse(&text).map_err(::serde::de::Error::custom)
            }
        }
    };
}
pub(crate) use checked_text;
