//! A streaming serde deserializer over saphyr-parser's YAML events.
//!
//! Catalogues and assessments are read event by event straight into their structs: no
//! event list or value tree of the whole document is built first, so memory stays close to
//! the size of the result and a large file parses at the scanner's speed. Every error
//! carries the line and column of the node it is about and its key path in the form
//! `clauses[2].requirements[0].id` / `answers.4.1-1.rating`.
//!
//! What the files need and no more: one document, block and flow collections, every scalar
//! style, and the YAML 1.2 core schema for untyped scalars (null, booleans, integers,
//! floats). Aliases are refused (no file of ours needs them, and they are how YAML bombs
//! work), and nesting is limited to [`MAX_DEPTH`] levels.
//!
//! Writing is the other way round and smaller: [`emit`] writes strings that every YAML
//! reader, not only this one, reads back as they were.

pub mod emit;

use crate::error::Position;
use saphyr_parser::{Event, Parser, ScalarStyle, Span, StrInput};
use serde::de::{
    self, DeserializeOwned, DeserializeSeed, EnumAccess, IntoDeserializer, MapAccess, SeqAccess,
    VariantAccess, Visitor,
};
use std::borrow::Cow;
use std::fmt;

/// The deepest nesting of sequences and mappings accepted.
pub const MAX_DEPTH: usize = 128;

/// The most nodes (scalars, sequences, mappings) one file may hold: 1,000,000. A
/// 20,000-requirement assessment, ten times the largest real one, holds about 440,000;
/// the limit is what keeps the memory and time of every command bounded for any file
/// under the size limit (16 MiB of one-letter list items would otherwise be 8 million
/// values, and gigabytes once reported).
pub const MAX_NODES: usize = 1_000_000;

/// A YAML syntax or type error, with its place.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    /// What is wrong.
    pub message: String,
    /// Where, when known.
    pub position: Option<Position>,
    /// The key path of the node, when inside one (empty at the top level).
    pub path: Option<String>,
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Error {}

impl de::Error for Error {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        Error {
            message: msg.to_string(),
            position: None,
            path: None,
        }
    }
}

type Result<T, E = Error> = std::result::Result<T, E>;

/// Deserializes one YAML document.
pub fn from_str<T: DeserializeOwned>(text: &str) -> Result<T> {
    let mut de = Deserializer {
        parser: Parser::new_from_str(text),
        peeked: None,
        path: Vec::new(),
        depth: 0,
        nodes: 0,
        at: Position { line: 1, column: 1 },
    };
    loop {
        match de.peek()?.0 {
            Event::StreamStart | Event::DocumentStart(_) | Event::Nothing => {
                de.next()?;
            }
            Event::StreamEnd => return Err(de.locate(de::Error::custom("the document is empty"))),
            _ => break,
        }
    }
    let value = T::deserialize(&mut de)?;
    loop {
        match de.next()?.0 {
            Event::DocumentEnd | Event::Nothing => {}
            Event::StreamEnd => return Ok(value),
            Event::DocumentStart(_) => {
                return Err(de.locate(de::Error::custom(
                    "a second YAML document follows the first; a file holds one document",
                )));
            }
            _ => {
                return Err(de.locate(de::Error::custom("unexpected content after the document")));
            }
        }
    }
}

enum Segment<'a> {
    Key(Cow<'a, str>),
    Index(usize),
}

struct Deserializer<'a> {
    parser: Parser<'a, StrInput<'a>>,
    peeked: Option<(Event<'a>, Span)>,
    path: Vec<Segment<'a>>,
    depth: usize,
    /// Nodes read so far, against [`MAX_NODES`].
    nodes: usize,
    /// Where the node being read starts.
    at: Position,
}

fn position(span: &Span) -> Position {
    Position {
        line: span.start.line(),
        column: span.start.col() + 1,
    }
}

/// The value of an untyped plain scalar under the YAML 1.2 core schema.
enum Plain<'s> {
    Null,
    Bool(bool),
    Int(i64),
    Uint(u64),
    Float(f64),
    Str(&'s str),
}

fn resolve(s: &str) -> Plain<'_> {
    match s {
        "" | "~" | "null" | "Null" | "NULL" => return Plain::Null,
        "true" | "True" | "TRUE" => return Plain::Bool(true),
        "false" | "False" | "FALSE" => return Plain::Bool(false),
        ".inf" | ".Inf" | ".INF" | "+.inf" | "+.Inf" | "+.INF" => {
            return Plain::Float(f64::INFINITY);
        }
        "-.inf" | "-.Inf" | "-.INF" => return Plain::Float(f64::NEG_INFINITY),
        ".nan" | ".NaN" | ".NAN" => return Plain::Float(f64::NAN),
        _ => {}
    }
    let bytes = s.as_bytes();
    let digits = bytes
        .strip_prefix(b"-")
        .or_else(|| bytes.strip_prefix(b"+"));
    let body = digits.unwrap_or(bytes);
    if !body.is_empty() && body.iter().all(u8::is_ascii_digit) {
        if let Ok(u) = s.trim_start_matches('+').parse::<u64>() {
            return Plain::Uint(u);
        }
        if let Ok(i) = s.parse::<i64>() {
            return Plain::Int(i);
        }
    }
    if let Some(hex) = s.strip_prefix("0x")
        && let Ok(u) = u64::from_str_radix(hex, 16)
    {
        return Plain::Uint(u);
    }
    if let Some(oct) = s.strip_prefix("0o")
        && let Ok(u) = u64::from_str_radix(oct, 8)
    {
        return Plain::Uint(u);
    }
    let looks_numeric = body
        .first()
        .is_some_and(|b| b.is_ascii_digit() || *b == b'.')
        && body
            .iter()
            .all(|b| b.is_ascii_digit() || matches!(b, b'.' | b'e' | b'E' | b'-' | b'+'))
        && body.iter().any(u8::is_ascii_digit);
    if looks_numeric && let Ok(f) = s.parse::<f64>() {
        return Plain::Float(f);
    }
    Plain::Str(s)
}

/// What a scalar is, for "invalid type" messages: a plain scalar by its core-schema type,
/// a quoted one as a string.
fn unexpected_scalar(text: &str, plain: bool) -> de::Unexpected<'_> {
    if !plain {
        return de::Unexpected::Str(text);
    }
    match resolve(text) {
        Plain::Null => de::Unexpected::Unit,
        Plain::Bool(b) => de::Unexpected::Bool(b),
        Plain::Int(i) => de::Unexpected::Signed(i),
        Plain::Uint(u) => de::Unexpected::Unsigned(u),
        Plain::Float(f) => de::Unexpected::Float(f),
        Plain::Str(s) => de::Unexpected::Str(s),
    }
}

impl<'a> Deserializer<'a> {
    fn peek(&mut self) -> Result<&(Event<'a>, Span)> {
        if self.peeked.is_none() {
            let item = match self.parser.next() {
                Some(Ok(item)) => item,
                Some(Err(e)) => {
                    let m = e.marker();
                    let message = if e.info().contains("recursion limit") {
                        format!("nesting is too deep (more than {MAX_DEPTH} levels)")
                    } else {
                        e.info().to_string()
                    };
                    return Err(Error {
                        message,
                        position: Some(Position {
                            line: m.line(),
                            column: m.col() + 1,
                        }),
                        path: None,
                    });
                }
                None => return Err(de::Error::custom("unexpected end of input")),
            };
            self.peeked = Some(item);
        }
        match &self.peeked {
            Some(item) => Ok(item),
            None => Err(de::Error::custom("unexpected end of input")),
        }
    }

    fn next(&mut self) -> Result<(Event<'a>, Span)> {
        self.peek()?;
        let item = self
            .peeked
            .take()
            .ok_or_else(|| <Error as de::Error>::custom("unexpected end of input"))?;
        self.at = position(&item.1);
        if matches!(
            item.0,
            Event::Scalar(..) | Event::SequenceStart(..) | Event::MappingStart(..)
        ) {
            self.nodes += 1;
            if self.nodes > MAX_NODES {
                return Err(Error {
                    message: format!(
                        "the file holds more than {MAX_NODES} values (keys, items and texts), the limit for one file"
                    ),
                    position: Some(self.at),
                    path: Some(self.path_string()),
                });
            }
        }
        Ok(item)
    }

    /// Marks where the next node starts, for its errors.
    fn start_node(&mut self) -> Result<()> {
        let at = position(&self.peek()?.1);
        self.at = at;
        Ok(())
    }

    fn path_string(&self) -> String {
        let mut out = String::new();
        for s in &self.path {
            match s {
                Segment::Key(k) => {
                    if !out.is_empty() {
                        out.push('.');
                    }
                    out.push_str(k);
                }
                Segment::Index(i) => {
                    out.push_str(&format!("[{i}]"));
                }
            }
        }
        out
    }

    /// Fills in the place of an error that does not have one yet.
    fn locate(&self, mut e: Error) -> Error {
        if e.position.is_none() {
            e.position = Some(self.at);
        }
        if e.path.is_none() {
            let p = self.path_string();
            e.path = Some(p);
        }
        e
    }

    /// Reads a node with `read`, placing any error at the node.
    fn node<T>(&mut self, read: impl FnOnce(&mut Self) -> Result<T>) -> Result<T> {
        self.start_node()?;
        let at = self.at;
        read(self).map_err(|e| {
            let mut e = e;
            if e.position.is_none() {
                e.position = Some(at);
            }
            self.locate(e)
        })
    }

    fn enter(&mut self) -> Result<()> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(de::Error::custom(format!(
                "nesting is too deep (more than {MAX_DEPTH} levels)"
            )));
        }
        Ok(())
    }

    /// The next node as a scalar: its text and whether it was plain (unquoted).
    fn scalar(&mut self, expected: &dyn de::Expected) -> Result<(Cow<'a, str>, bool)> {
        let (event, _) = self.next()?;
        match event {
            Event::Scalar(v, style, _, _) => Ok((v, style == ScalarStyle::Plain)),
            Event::SequenceStart(..) => Err(de::Error::invalid_type(de::Unexpected::Seq, expected)),
            Event::MappingStart(..) => Err(de::Error::invalid_type(de::Unexpected::Map, expected)),
            other => Err(self.unexpected(&other)),
        }
    }

    fn unexpected(&self, event: &Event<'_>) -> Error {
        match event {
            Event::Alias(_) => de::Error::custom(
                "YAML aliases (*name) are not supported; write the value out in full",
            ),
            _ => de::Error::custom("unexpected YAML structure"),
        }
    }

    fn skip_node(&mut self) -> Result<()> {
        let mut open = 0usize;
        loop {
            let (event, _) = self.next()?;
            match event {
                Event::SequenceStart(..) | Event::MappingStart(..) => {
                    open += 1;
                    if open > MAX_DEPTH {
                        return Err(de::Error::custom(format!(
                            "nesting is too deep (more than {MAX_DEPTH} levels)"
                        )));
                    }
                }
                Event::SequenceEnd | Event::MappingEnd => open = open.saturating_sub(1),
                Event::Alias(_) => return Err(self.unexpected(&event)),
                Event::StreamEnd => return Err(de::Error::custom("unexpected end of input")),
                _ => {}
            }
            if open == 0 {
                return Ok(());
            }
        }
    }

    fn plain_is_null(&mut self) -> Result<bool> {
        Ok(matches!(
            &self.peek()?.0,
            Event::Scalar(v, ScalarStyle::Plain, _, _) if matches!(resolve(v), Plain::Null)
        ))
    }
}

macro_rules! number {
    ($method:ident, $visit:ident, $ty:ty) => {
        fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
            self.node(|de| {
                let (text, plain) = de.scalar(&visitor)?;
                if !plain {
                    return Err(de::Error::invalid_type(
                        de::Unexpected::Str(&text),
                        &visitor,
                    ));
                }
                match resolve(&text) {
                    Plain::Uint(u) => match <$ty>::try_from(u) {
                        Ok(x) => visitor.$visit(x),
                        Err(_) => Err(de::Error::invalid_value(
                            de::Unexpected::Unsigned(u),
                            &visitor,
                        )),
                    },
                    Plain::Int(i) => match <$ty>::try_from(i) {
                        Ok(x) => visitor.$visit(x),
                        Err(_) => Err(de::Error::invalid_value(
                            de::Unexpected::Signed(i),
                            &visitor,
                        )),
                    },
                    _ => Err(de::Error::invalid_type(
                        unexpected_scalar(&text, true),
                        &visitor,
                    )),
                }
            })
        }
    };
}

impl<'de> de::Deserializer<'de> for &mut Deserializer<'_> {
    type Error = Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.node(|de| {
            let (event, _) = de.next()?;
            match event {
                Event::Scalar(v, style, _, _) => {
                    if style != ScalarStyle::Plain {
                        return visitor.visit_str(&v);
                    }
                    match resolve(&v) {
                        Plain::Null => visitor.visit_unit(),
                        Plain::Bool(b) => visitor.visit_bool(b),
                        Plain::Int(i) => visitor.visit_i64(i),
                        Plain::Uint(u) => visitor.visit_u64(u),
                        Plain::Float(f) => visitor.visit_f64(f),
                        Plain::Str(s) => visitor.visit_str(s),
                    }
                }
                Event::SequenceStart(..) => {
                    de.enter()?;
                    let value = visitor.visit_seq(Seq {
                        de: &mut *de,
                        index: 0,
                    })?;
                    de.depth -= 1;
                    Ok(value)
                }
                Event::MappingStart(..) => {
                    de.enter()?;
                    let value = visitor.visit_map(Map {
                        de: &mut *de,
                        key: None,
                    })?;
                    de.depth -= 1;
                    Ok(value)
                }
                other => Err(de.unexpected(&other)),
            }
        })
    }

    fn deserialize_bool<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.node(|de| {
            let (text, plain) = de.scalar(&visitor)?;
            match (plain, resolve(&text)) {
                (true, Plain::Bool(b)) => visitor.visit_bool(b),
                _ => Err(de::Error::invalid_type(
                    de::Unexpected::Str(&text),
                    &visitor,
                )),
            }
        })
    }

    number!(deserialize_i8, visit_i8, i8);
    number!(deserialize_i16, visit_i16, i16);
    number!(deserialize_i32, visit_i32, i32);
    number!(deserialize_i64, visit_i64, i64);
    number!(deserialize_u8, visit_u8, u8);
    number!(deserialize_u16, visit_u16, u16);
    number!(deserialize_u32, visit_u32, u32);
    number!(deserialize_u64, visit_u64, u64);

    fn deserialize_f32<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.deserialize_f64(visitor)
    }

    fn deserialize_f64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.node(|de| {
            let (text, plain) = de.scalar(&visitor)?;
            if !plain {
                return Err(de::Error::invalid_type(
                    de::Unexpected::Str(&text),
                    &visitor,
                ));
            }
            match resolve(&text) {
                Plain::Float(f) => visitor.visit_f64(f),
                Plain::Uint(u) => visitor.visit_f64(u as f64),
                Plain::Int(i) => visitor.visit_f64(i as f64),
                _ => Err(de::Error::invalid_type(
                    unexpected_scalar(&text, true),
                    &visitor,
                )),
            }
        })
    }

    fn deserialize_char<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.deserialize_str(visitor)
    }

    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.node(|de| {
            let (text, plain) = de.scalar(&visitor)?;
            if plain && matches!(resolve(&text), Plain::Null) {
                return Err(de::Error::invalid_type(de::Unexpected::Unit, &visitor));
            }
            visitor.visit_str(&text)
        })
    }

    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.deserialize_str(visitor)
    }

    fn deserialize_bytes<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.deserialize_str(visitor)
    }

    fn deserialize_byte_buf<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.deserialize_str(visitor)
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        if self.plain_is_null()? {
            self.next()?;
            visitor.visit_none()
        } else {
            visitor.visit_some(self)
        }
    }

    fn deserialize_unit<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.node(|de| {
            if de.plain_is_null()? {
                de.next()?;
                visitor.visit_unit()
            } else {
                let (text, _) = de.scalar(&visitor)?;
                Err(de::Error::invalid_type(
                    de::Unexpected::Str(&text),
                    &visitor,
                ))
            }
        })
    }

    fn deserialize_unit_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value> {
        self.deserialize_unit(visitor)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.node(|de| match &de.peek()?.0 {
            Event::SequenceStart(..) => de::Deserializer::deserialize_any(&mut *de, visitor),
            Event::MappingStart(..) => Err(de::Error::invalid_type(de::Unexpected::Map, &visitor)),
            Event::Scalar(..) => {
                let (text, plain) = de.scalar(&visitor)?;
                if plain && matches!(resolve(&text), Plain::Null) {
                    // `key:` with nothing after it is an empty list.
                    return visitor.visit_seq(Empty);
                }
                Err(de::Error::invalid_type(
                    unexpected_scalar(&text, plain),
                    &visitor,
                ))
            }
            _ => de::Deserializer::deserialize_any(&mut *de, visitor),
        })
    }

    fn deserialize_tuple<V: Visitor<'de>>(self, _len: usize, visitor: V) -> Result<V::Value> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _len: usize,
        visitor: V,
    ) -> Result<V::Value> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.node(|de| match &de.peek()?.0 {
            Event::MappingStart(..) => de::Deserializer::deserialize_any(&mut *de, visitor),
            Event::SequenceStart(..) => Err(de::Error::invalid_type(de::Unexpected::Seq, &visitor)),
            Event::Scalar(..) => {
                let (text, plain) = de.scalar(&visitor)?;
                if plain && matches!(resolve(&text), Plain::Null) {
                    // `key:` with nothing after it is an empty mapping.
                    return visitor.visit_map(Empty);
                }
                Err(de::Error::invalid_type(
                    unexpected_scalar(&text, plain),
                    &visitor,
                ))
            }
            _ => de::Deserializer::deserialize_any(&mut *de, visitor),
        })
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value> {
        self.deserialize_map(visitor)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value> {
        self.node(|de| match &de.peek()?.0 {
            Event::Scalar(..) => {
                let (text, _) = de.scalar(&visitor)?;
                visitor.visit_enum(text.into_owned().into_deserializer())
            }
            Event::MappingStart(..) => {
                de.next()?;
                de.enter()?;
                let value = visitor.visit_enum(Enum { de: &mut *de })?;
                match de.next()?.0 {
                    Event::MappingEnd => {}
                    _ => {
                        return Err(de::Error::custom(
                            "a variant is written as a mapping with exactly one key",
                        ));
                    }
                }
                de.depth -= 1;
                Ok(value)
            }
            Event::SequenceStart(..) => Err(de::Error::invalid_type(de::Unexpected::Seq, &visitor)),
            _ => {
                let (event, _) = de.next()?;
                Err(de.unexpected(&event))
            }
        })
    }

    fn deserialize_identifier<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.deserialize_str(visitor)
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.node(|de| {
            de.skip_node()?;
            visitor.visit_unit()
        })
    }
}

/// An empty sequence or mapping, for a null where a collection is expected.
struct Empty;

impl<'de> SeqAccess<'de> for Empty {
    type Error = Error;

    fn next_element_seed<T: DeserializeSeed<'de>>(&mut self, _: T) -> Result<Option<T::Value>> {
        Ok(None)
    }
}

impl<'de> MapAccess<'de> for Empty {
    type Error = Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, _: K) -> Result<Option<K::Value>> {
        Ok(None)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, _: V) -> Result<V::Value> {
        Err(de::Error::custom("no value in an empty mapping"))
    }
}

struct Seq<'d, 'a> {
    de: &'d mut Deserializer<'a>,
    index: usize,
}

impl<'de> SeqAccess<'de> for Seq<'_, '_> {
    type Error = Error;

    fn next_element_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<Option<T::Value>> {
        if matches!(self.de.peek()?.0, Event::SequenceEnd) {
            self.de.next()?;
            return Ok(None);
        }
        self.de.path.push(Segment::Index(self.index));
        let value = seed.deserialize(&mut *self.de);
        self.de.path.pop();
        self.index += 1;
        value.map(Some)
    }
}

struct Map<'d, 'a> {
    de: &'d mut Deserializer<'a>,
    key: Option<Cow<'a, str>>,
}

impl<'de, 'a> MapAccess<'de> for Map<'_, 'a> {
    type Error = Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>> {
        let (event, _) = self.de.next()?;
        match event {
            Event::MappingEnd => Ok(None),
            Event::Scalar(key, ..) => {
                let value = seed
                    .deserialize(key.as_ref().into_deserializer())
                    .map_err(|e: Error| self.de.locate(e))?;
                self.key = Some(key);
                Ok(Some(value))
            }
            Event::SequenceStart(..) | Event::MappingStart(..) => Err(self.de.locate(
                de::Error::custom("a mapping key must be plain text, not a collection"),
            )),
            other => Err(self.de.locate(self.de.unexpected(&other))),
        }
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value> {
        let key = self.key.take().unwrap_or(Cow::Borrowed(""));
        self.de.path.push(Segment::Key(key));
        let value = seed.deserialize(&mut *self.de);
        self.de.path.pop();
        value
    }
}

struct Enum<'d, 'a> {
    de: &'d mut Deserializer<'a>,
}

impl<'de, 'a> EnumAccess<'de> for Enum<'_, 'a> {
    type Error = Error;
    type Variant = Self;

    fn variant_seed<V: DeserializeSeed<'de>>(self, seed: V) -> Result<(V::Value, Self)> {
        let (event, _) = self.de.next()?;
        let Event::Scalar(key, ..) = event else {
            return Err(de::Error::custom("a variant name must be plain text"));
        };
        let value = seed.deserialize(key.as_ref().into_deserializer())?;
        self.de.path.push(Segment::Key(key));
        Ok((value, self))
    }
}

impl<'de> VariantAccess<'de> for Enum<'_, '_> {
    type Error = Error;

    fn unit_variant(self) -> Result<()> {
        let r = de::Deserialize::deserialize(&mut *self.de);
        self.de.path.pop();
        r
    }

    fn newtype_variant_seed<T: DeserializeSeed<'de>>(self, seed: T) -> Result<T::Value> {
        let r = seed.deserialize(&mut *self.de);
        self.de.path.pop();
        r
    }

    fn tuple_variant<V: Visitor<'de>>(self, _len: usize, visitor: V) -> Result<V::Value> {
        let r = de::Deserializer::deserialize_seq(&mut *self.de, visitor);
        self.de.path.pop();
        r
    }

    fn struct_variant<V: Visitor<'de>>(
        self,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value> {
        let r = de::Deserializer::deserialize_map(&mut *self.de, visitor);
        self.de.path.pop();
        r
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, Deserialize, PartialEq)]
    #[serde(deny_unknown_fields)]
    struct Doc {
        name: String,
        count: u32,
        ratio: f64,
        on: bool,
        note: Option<String>,
        list: Vec<Item>,
    }

    #[derive(Debug, Deserialize, PartialEq)]
    #[serde(deny_unknown_fields)]
    struct Item {
        id: String,
        #[serde(default)]
        tags: Vec<String>,
    }

    #[test]
    fn reads_block_and_flow_styles_and_every_scalar_kind() {
        let d: Doc = from_str(
            "name: '1.0.0'\ncount: 3\nratio: 2.5\non: true\nnote: |\n  two\n  lines\nlist:\n  - id: a\n    tags: [x, \"y z\"]\n  - {id: 4.1-1}\n",
        )
        .unwrap();
        assert_eq!(d.name, "1.0.0");
        assert_eq!((d.count, d.ratio, d.on), (3, 2.5, true));
        assert_eq!(d.note.as_deref(), Some("two\nlines\n"));
        assert_eq!(d.list[1].id, "4.1-1");
        assert_eq!(d.list[0].tags, ["x", "y z"]);
        let d: Doc =
            from_str("name: x\ncount: 0\nratio: 1\non: false\nnote: ~\nlist: []\n").unwrap();
        assert_eq!(d.note, None);
    }

    fn err<T: DeserializeOwned + fmt::Debug>(text: &str) -> Error {
        from_str::<T>(text).unwrap_err()
    }

    #[test]
    fn errors_carry_line_column_and_key_path() {
        let e = err::<Doc>("name: x\ncount: many\nratio: 1\non: true\nlist: []\n");
        assert_eq!(e.position, Some(Position { line: 2, column: 8 }));
        assert_eq!(e.path.as_deref(), Some("count"));
        assert!(
            e.message.contains("invalid type: string \"many\""),
            "{}",
            e.message
        );
        let e =
            err::<Doc>("name: x\ncount: 1\nratio: 1\non: true\nlist:\n  - id: a\n  - id: [b]\n");
        assert_eq!(e.position, Some(Position { line: 7, column: 9 }));
        assert_eq!(e.path.as_deref(), Some("list[1].id"));
        let e =
            err::<Doc>("name: x\ncount: 1\nratio: 1\non: true\nlist:\n  - id: a\n    tagz: []\n");
        assert!(e.message.contains("unknown field `tagz`"), "{}", e.message);
        assert_eq!(e.position, Some(Position { line: 7, column: 5 }));
        assert_eq!(e.path.as_deref(), Some("list[0]"));
        let e = err::<Doc>("name: x\ncount: 1\nratio: 1\non: true\nlist: 5\n");
        assert!(
            e.message
                .contains("invalid type: integer `5`, expected a sequence"),
            "{}",
            e.message
        );
    }

    #[test]
    fn refuses_aliases_deep_nesting_and_second_documents() {
        let e = err::<Doc>("name: &n x\ncount: 1\nratio: 1\non: true\nnote: *n\nlist: []\n");
        assert!(e.message.contains("aliases"), "{}", e.message);
        let deep = format!("{}{}", "[".repeat(1000), "]".repeat(1000));
        let e = err::<serde_json::Value>(&deep);
        assert!(e.message.contains("nesting is too deep"), "{}", e.message);
        let deep = format!("{}{}", "[".repeat(MAX_DEPTH + 1), "]".repeat(MAX_DEPTH + 1));
        let e = err::<serde_json::Value>(&deep);
        assert!(e.message.contains("nesting is too deep"), "{}", e.message);
        assert!(e.position.is_some());
        let e = err::<Item>("id: a\n---\nid: b\n");
        assert!(e.message.contains("second YAML document"), "{}", e.message);
        let e = err::<Item>("id: [unclosed\n");
        assert!(e.position.is_some(), "{e:?}");
    }

    #[test]
    fn untyped_scalars_follow_the_core_schema() {
        let v: serde_json::Value = from_str(
            "a: 1\nb: -2\nc: 1.5\nd: true\ne: ~\nf: 2026-11-30\ng: '3'\nh: 1e3\ni: 8.5.1\n",
        )
        .unwrap();
        assert_eq!(
            v,
            serde_json::json!({"a": 1, "b": -2, "c": 1.5, "d": true, "e": null, "f": "2026-11-30", "g": "3", "h": 1000.0, "i": "8.5.1"})
        );
    }
}
