//! A streaming serde deserializer over saphyr-parser's YAML events.
//!
//! Catalogues and assessments are read event by event straight into their structs: no
//! event list or value tree of the whole document is built first, so memory stays close to
//! the size of the result and a large file parses at the scanner's speed. Every error
//! carries the line and column of the node it is about and its key path in the form
//! `clauses[2].requirements[0].id` / `answers.4.1-1.rating`.
//!
//! What the files need and no more:
//! - One document; block and flow collections; every scalar style.
//! - Plain scalars typed by the YAML 1.2 core schema (null, booleans, integers, floats)
//!   wherever a number, a boolean or any value is asked for, and named by that type in
//!   messages: integer `5`, floating point `2.5`, boolean `true`, null. A string field takes
//!   any plain scalar but null as its text, so `version: 1.0` and `id: 4.1` stay strings.
//! - `key:` with nothing after it is an empty list or mapping where one is expected.
//! - Of serde's data model, what the types of the files ask for: structs, maps, sequences,
//!   options, strings, booleans, numbers, enum variants without content (written as a
//!   scalar), and `deserialize_any` (custom visitors, internally tagged and untagged enums).
//!   Everything else is read as `deserialize_any`, whose visitor refuses what it cannot
//!   take with an ordinary "invalid type" message.
//! - Tags are refused, the core ones too (`!!str 5`), at the place of the tag: no file of
//!   ours needs one (quoting makes a string), and honouring them would mean checking each
//!   against the type the field expects.
//! - Aliases are refused (no file of ours needs them, and they are how YAML bombs work),
//!   and nesting is limited to [`MAX_DEPTH`] levels.
//! - A syntax error is the parser's own message at the parser's marker; a duplicate key is
//!   reported at its second occurrence.
//! - At most [`MAX_NODES`] nodes in one file.
//!
//! Writing is the other way round and smaller: [`emit`] writes strings that every YAML
//! reader, not only this one, reads back as they were.

pub mod emit;

use crate::error::Position;
use saphyr_parser::{Event, Parser, ScalarStyle, ScanError, Span, StrInput, Tag};
use serde::de::value::{MapDeserializer, SeqDeserializer};
use serde::de::{
    self, DeserializeOwned, DeserializeSeed, IntoDeserializer, MapAccess, SeqAccess, Visitor,
};
use std::borrow::Cow;
use std::fmt;
use std::iter::empty;

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
    /// The key written twice, for a duplicate field: serde reports it from the mapping, and
    /// the place is that of the second key.
    duplicate: Option<&'static str>,
}

impl Error {
    fn at(message: impl fmt::Display, position: Position) -> Self {
        Error {
            position: Some(position),
            ..<Error as de::Error>::custom(message)
        }
    }
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
            duplicate: None,
        }
    }

    fn invalid_type(unexpected: de::Unexpected<'_>, expected: &dyn de::Expected) -> Self {
        // The only value that reads as serde's unit is a null, and YAML calls it that.
        let unexpected = match unexpected {
            de::Unexpected::Unit => de::Unexpected::Other("null"),
            other => other,
        };
        Self::custom(format_args!(
            "invalid type: {unexpected}, expected {expected}"
        ))
    }

    fn duplicate_field(field: &'static str) -> Self {
        Error {
            duplicate: Some(field),
            ..Self::custom(format_args!("duplicate field `{field}`"))
        }
    }
}

type Result<T, E = Error> = std::result::Result<T, E>;

/// Deserializes one YAML document.
pub fn from_str<T: DeserializeOwned>(text: &str) -> Result<T> {
    let mut de = Deserializer {
        text,
        parser: Parser::new_from_str(text),
        peeked: None,
        path: Vec::new(),
        depth: 0,
        nodes: 0,
        keys: Vec::new(),
        closed: (None, Vec::new()),
    };
    loop {
        let (event, span) = de.peek()?;
        match event {
            Event::StreamStart | Event::DocumentStart(_) | Event::Nothing => {
                de.next()?;
            }
            Event::StreamEnd => return Err(Error::at("the document is empty", position(span))),
            _ => break,
        }
    }
    let value = de.read(None, std::marker::PhantomData::<T>)?;
    loop {
        let (event, span) = de.next()?;
        match event {
            Event::DocumentEnd | Event::Nothing => {}
            Event::StreamEnd => return Ok(value),
            Event::DocumentStart(_) => {
                return Err(Error::at(
                    "a second YAML document follows the first; a file holds one document",
                    position(&span),
                ));
            }
            _ => {
                return Err(Error::at(
                    "unexpected content after the document",
                    position(&span),
                ));
            }
        }
    }
}

/// The next node, as far as choosing how to read it goes.
#[derive(PartialEq)]
enum Kind {
    /// A plain null: `~`, `null` or nothing.
    Null,
    /// Any other scalar.
    Text,
    /// A collection.
    Other,
}

enum Segment<'a> {
    Key(Cow<'a, str>),
    Index(usize),
}

struct Deserializer<'a> {
    text: &'a str,
    parser: Parser<'a, StrInput<'a>>,
    peeked: Option<(Event<'a>, Span)>,
    path: Vec<Segment<'a>>,
    depth: usize,
    /// Nodes read so far, against [`MAX_NODES`].
    nodes: usize,
    /// The keys of the open mappings, innermost last, each as its hash and place: where a
    /// duplicate field that serde reports from inside a mapping was written.
    keys: Vec<(u64, Position)>,
    /// The mapping closed last (its place) and its keys: where a duplicate field that serde
    /// finds after reading a whole mapping (an internally tagged enum) was written.
    closed: (Option<Position>, Vec<(u64, Position)>),
}

/// A key's hash, to find where it was written when serde reports it twice. A collision can
/// only move the place of an error that is there anyway, so a small hash will do (FNV-1a).
fn key_hash(key: &str) -> u64 {
    key.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

fn position(span: &Span) -> Position {
    Position {
        line: span.start.line(),
        column: span.start.col() + 1,
    }
}

fn too_deep() -> String {
    format!("nesting is too deep (more than {MAX_DEPTH} levels)")
}

/// A tag as written: `!!str`, `!local`, `!<verbatim>`.
fn written(tag: &Tag) -> String {
    match tag.handle.as_str() {
        _ if tag.is_yaml_core_schema() => format!("!!{}", tag.suffix),
        "" => format!("!<{}>", tag.suffix),
        handle => format!("{handle}{}", tag.suffix),
    }
}

/// The parser's error, at its marker. The scanner reads a whole flow collection before it
/// hands out the collection's first event, so flow nesting beyond the scanner's own limit
/// fails before [`MAX_DEPTH`] is checked; reading the text up to the failure again shows
/// whether nesting is what stopped it.
fn parser_error(text: &str, e: &ScanError) -> Error {
    let m = e.marker();
    let end = text
        .char_indices()
        .nth(m.index())
        .map_or(text.len(), |(i, _)| i);
    let mut depth = 0usize;
    for item in Parser::new_from_str(&text[..end]) {
        let Ok((event, span)) = item else { break };
        match event {
            Event::SequenceStart(..) | Event::MappingStart(..) => {
                depth += 1;
                if depth > MAX_DEPTH {
                    return Error::at(too_deep(), position(&span));
                }
            }
            Event::SequenceEnd | Event::MappingEnd => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    Error::at(
        e.info(),
        Position {
            line: m.line(),
            column: m.col() + 1,
        },
    )
}

/// The value of an untyped plain scalar under the YAML 1.2 core schema.
enum Plain {
    Null,
    Bool(bool),
    Int(i64),
    Uint(u64),
    Float(f64),
    Str,
}

fn is_null(s: &str) -> bool {
    matches!(s, "" | "~" | "null" | "Null" | "NULL")
}

fn resolve(s: &str) -> Plain {
    if is_null(s) {
        return Plain::Null;
    }
    match s {
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
    Plain::Str
}

/// Hands text to a visitor as a borrowed `str`, so that what the visitor keeps is a copy
/// of exactly the text's length. The parser's own `String`s are not handed over: it builds
/// them with room to spare (32 bytes for every plain scalar, doubling for the other
/// styles), and a model of many short ids and titles would keep all that room (at 2,000
/// requirements, 14.2 MB at peak against 12.0 MB; BENCHMARKS.md).
fn visit_text<'de, V: Visitor<'de>>(visitor: V, text: &str) -> Result<V::Value> {
    visitor.visit_str(text)
}

impl<'a> Deserializer<'a> {
    /// The next event from the parser, refusing tags and aliases where they are written.
    fn fetch(&mut self) -> Result<(Event<'a>, Span)> {
        let (event, span) = match self.parser.next() {
            Some(Ok(item)) => item,
            Some(Err(e)) => return Err(parser_error(self.text, &e)),
            None => return Err(de::Error::custom("unexpected end of input")),
        };
        let tag = match &event {
            Event::Scalar(_, _, _, tag)
            | Event::SequenceStart(_, tag)
            | Event::MappingStart(_, tag) => tag.as_deref(),
            Event::Alias(_) => {
                return Err(Error::at(
                    "YAML aliases (*name) are not supported; write the value out in full",
                    position(&span),
                ));
            }
            _ => None,
        };
        if matches!(
            event,
            Event::Scalar(..) | Event::SequenceStart(..) | Event::MappingStart(..)
        ) {
            self.nodes += 1;
            if self.nodes > MAX_NODES {
                return Err(Error::at(
                    format!(
                        "the file holds more than {MAX_NODES} values (keys, items and texts), the limit for one file"
                    ),
                    position(&span),
                ));
            }
        }
        if let Some(tag) = tag {
            return Err(Error::at(
                format!(
                    "YAML tags such as `{}` are not supported; remove the tag (quote a value to make it text)",
                    written(tag)
                ),
                position(&span),
            ));
        }
        Ok((event, span))
    }

    fn peek(&mut self) -> Result<&(Event<'a>, Span)> {
        let item = match self.peeked.take() {
            Some(item) => item,
            None => self.fetch()?,
        };
        Ok(self.peeked.insert(item))
    }

    fn next(&mut self) -> Result<(Event<'a>, Span)> {
        match self.peeked.take() {
            Some(item) => Ok(item),
            None => self.fetch(),
        }
    }

    /// What the next node is, without reading it.
    fn peek_kind(&mut self) -> Result<Kind> {
        Ok(match &self.peek()?.0 {
            Event::Scalar(v, ScalarStyle::Plain, ..) if is_null(v) => Kind::Null,
            Event::Scalar(..) => Kind::Text,
            _ => Kind::Other,
        })
    }

    /// Reads a scalar that [`Self::peek_kind`] has seen.
    fn text(&mut self) -> Result<Cow<'a, str>> {
        match self.next()?.0 {
            Event::Scalar(v, ..) => Ok(v),
            _ => Err(de::Error::custom("unexpected YAML structure")),
        }
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
                Segment::Index(i) => out.push_str(&format!("[{i}]")),
            }
        }
        out
    }

    /// Fills in the place of an error that does not have one yet: the current key path, and
    /// the node at `at` (for a duplicate field, the second key in the mapping at `at`).
    fn place(&self, mut e: Error, at: Option<Position>) -> Error {
        if e.position.is_none()
            && let Some(at) = at
        {
            let key = e.duplicate.and_then(|k| self.second_key(at, key_hash(k)));
            e.position = Some(key.unwrap_or(at));
        }
        if e.path.is_none() {
            e.path = Some(self.path_string());
        }
        e
    }

    /// Reads the next node (under `segment` of the path), placing its errors at the node.
    fn read<'de, T: DeserializeSeed<'de>>(
        &mut self,
        segment: Option<Segment<'a>>,
        seed: T,
    ) -> Result<T::Value> {
        let pushed = segment.is_some();
        self.path.extend(segment);
        let value = self
            .peek()
            .map(|(_, span)| position(span))
            .and_then(|at| {
                seed.deserialize(&mut *self)
                    .map_err(|e| self.place(e, Some(at)))
            })
            .map_err(|e| self.place(e, None));
        if pushed {
            self.path.pop();
        }
        value
    }

    /// Where a key reported twice in the mapping at `mapping` was written the second time.
    /// serde reports a struct's duplicate field as soon as it reads the key, while the
    /// mapping is open (the key is the last one read); an internally tagged enum reads its
    /// whole mapping first, which is then the one closed last.
    fn second_key(&self, mapping: Position, hash: u64) -> Option<Position> {
        let (closed_at, closed) = &self.closed;
        if *closed_at == Some(mapping) {
            return closed
                .iter()
                .filter(|(h, _)| *h == hash)
                .nth(1)
                .map(|(_, at)| *at);
        }
        self.keys
            .last()
            .filter(|(h, _)| *h == hash)
            .map(|(_, at)| *at)
    }

    fn enter(&mut self) -> Result<()> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(de::Error::custom(too_deep()));
        }
        Ok(())
    }

    /// Reads the end of a collection whose visitor is done; a visitor that wants a fixed
    /// number of entries (a tuple) leaves any more unread.
    fn leave(&mut self) -> Result<()> {
        self.depth -= 1;
        match self.next()?.0 {
            Event::SequenceEnd | Event::MappingEnd => Ok(()),
            _ => Err(de::Error::custom("more entries than expected here")),
        }
    }
}

impl<'de> de::Deserializer<'de> for &mut Deserializer<'_> {
    type Error = Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        let (event, span) = self.next()?;
        let at = position(&span);
        match event {
            Event::Scalar(v, ScalarStyle::Plain, _, _) => match resolve(&v) {
                Plain::Null => visitor.visit_unit(),
                Plain::Bool(b) => visitor.visit_bool(b),
                Plain::Int(i) => visitor.visit_i64(i),
                Plain::Uint(u) => visitor.visit_u64(u),
                Plain::Float(f) => visitor.visit_f64(f),
                Plain::Str => visit_text(visitor, &v),
            },
            Event::Scalar(v, ..) => visit_text(visitor, &v),
            Event::SequenceStart(..) => {
                self.enter()?;
                let value = visitor.visit_seq(Seq {
                    de: &mut *self,
                    index: 0,
                })?;
                self.leave()?;
                Ok(value)
            }
            Event::MappingStart(..) => {
                self.enter()?;
                let start = self.keys.len();
                let value = visitor.visit_map(Map {
                    de: &mut *self,
                    key: None,
                })?;
                self.leave()?;
                let (closed_at, closed) = &mut self.closed;
                *closed_at = Some(at);
                closed.clear();
                closed.extend(self.keys.drain(start..));
                Ok(value)
            }
            _ => Err(de::Error::custom("unexpected YAML structure")),
        }
    }

    /// Any scalar but a plain null, as written: ids such as `4.1` and versions such as
    /// `1.0` are text, not numbers.
    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        match self.peek_kind()? {
            Kind::Text => visit_text(visitor, &self.text()?),
            Kind::Null | Kind::Other => self.deserialize_any(visitor),
        }
    }

    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.deserialize_str(visitor)
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        if self.peek_kind()? == Kind::Null {
            self.next()?;
            return visitor.visit_none();
        }
        visitor.visit_some(self)
    }

    /// `key:` with nothing after it (a null) is an empty list.
    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        if self.peek_kind()? == Kind::Null {
            self.next()?;
            return visitor.visit_seq(SeqDeserializer::new(empty::<()>()));
        }
        self.deserialize_any(visitor)
    }

    /// `key:` with nothing after it (a null) is an empty mapping.
    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        if self.peek_kind()? == Kind::Null {
            self.next()?;
            return visitor.visit_map(MapDeserializer::new(empty::<((), ())>()));
        }
        self.deserialize_any(visitor)
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value> {
        // serde's structs take a sequence of their fields in order too; a file's never does.
        if matches!(self.peek()?.0, Event::SequenceStart(..)) {
            return Err(de::Error::invalid_type(de::Unexpected::Seq, &visitor));
        }
        self.deserialize_map(visitor)
    }

    /// A variant without content, named by a scalar of any style (`finding: minor`).
    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value> {
        match self.peek_kind()? {
            Kind::Null | Kind::Text => visitor.visit_enum(self.text()?.into_deserializer()),
            Kind::Other => self.deserialize_any(visitor),
        }
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 u8 u16 u32 u64 f32 f64 char bytes byte_buf unit unit_struct
        newtype_struct tuple tuple_struct identifier ignored_any
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
            return Ok(None);
        }
        let value = self.de.read(Some(Segment::Index(self.index)), seed)?;
        self.index += 1;
        Ok(Some(value))
    }
}

struct Map<'d, 'a> {
    de: &'d mut Deserializer<'a>,
    key: Option<Cow<'a, str>>,
}

impl<'de, 'a> MapAccess<'de> for Map<'_, 'a> {
    type Error = Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>> {
        if matches!(self.de.peek()?.0, Event::MappingEnd) {
            return Ok(None);
        }
        let (event, span) = self.de.next()?;
        let at = position(&span);
        match event {
            Event::Scalar(key, ..) => {
                self.de.keys.push((key_hash(&key), at));
                let value = seed
                    .deserialize(key.as_ref().into_deserializer())
                    .map_err(|e: Error| self.de.place(e, Some(at)))?;
                self.key = Some(key);
                Ok(Some(value))
            }
            _ => Err(self.de.place(
                de::Error::custom("a mapping key must be plain text, not a collection"),
                Some(at),
            )),
        }
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value> {
        let key = self.key.take().unwrap_or(Cow::Borrowed(""));
        self.de.read(Some(Segment::Key(key)), seed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;
    use std::collections::BTreeMap;

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

    /// The shapes of the catalogue and assessment types: an internally tagged enum
    /// (`RawRule`), an untagged one (`RawEvidence`), a visitor that takes a boolean or a
    /// string (`RawDocumented`), a mapping read entry by entry (`Entries`), unit variants.
    #[derive(Debug, Deserialize, PartialEq)]
    #[serde(deny_unknown_fields)]
    struct Shapes {
        rules: Vec<Rule>,
        evidence: Vec<Evidence>,
        documented: Vec<Documented>,
        refs: BTreeMap<String, String>,
        answers: Entries,
        findings: Vec<Finding>,
        #[serde(default)]
        empty: Vec<String>,
    }

    #[derive(Debug, Deserialize, PartialEq)]
    #[serde(deny_unknown_fields, tag = "rule", rename_all = "kebab-case")]
    enum Rule {
        MinLevel {
            level: String,
            #[serde(default)]
            all: bool,
        },
        MaxFindings {
            finding: Finding,
            count: usize,
        },
    }

    #[derive(Debug, Deserialize, PartialEq)]
    #[serde(rename_all = "kebab-case")]
    enum Finding {
        Major,
        Minor,
    }

    #[derive(Debug, Deserialize, PartialEq)]
    #[serde(untagged)]
    enum Evidence {
        Plain(String),
        Dated(Dated),
    }

    #[derive(Debug, Deserialize, PartialEq)]
    #[serde(deny_unknown_fields)]
    struct Dated {
        #[serde(rename = "ref")]
        reference: String,
        reviewed: Option<String>,
    }

    #[derive(Debug, PartialEq)]
    enum Documented {
        Flag(bool),
        Kind(String),
    }

    impl<'de> Deserialize<'de> for Documented {
        fn deserialize<D: de::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            struct V;
            impl Visitor<'_> for V {
                type Value = Documented;
                fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                    f.write_str("`document`, `record` or a boolean")
                }
                fn visit_bool<E>(self, v: bool) -> Result<Documented, E> {
                    Ok(Documented::Flag(v))
                }
                fn visit_str<E>(self, v: &str) -> Result<Documented, E> {
                    Ok(Documented::Kind(v.to_string()))
                }
            }
            d.deserialize_any(V)
        }
    }

    #[derive(Debug, PartialEq)]
    struct Entries(Vec<(String, Option<Item>)>);

    impl<'de> Deserialize<'de> for Entries {
        fn deserialize<D: de::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            struct V;
            impl<'de> Visitor<'de> for V {
                type Value = Entries;
                fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                    f.write_str("a mapping")
                }
                fn visit_unit<E>(self) -> Result<Entries, E> {
                    Ok(Entries(Vec::new()))
                }
                fn visit_map<A: MapAccess<'de>>(self, mut m: A) -> Result<Entries, A::Error> {
                    let mut v = Vec::new();
                    while let Some(entry) = m.next_entry()? {
                        v.push(entry);
                    }
                    Ok(Entries(v))
                }
            }
            d.deserialize_any(V)
        }
    }

    fn err<T: DeserializeOwned + fmt::Debug>(text: &str) -> Error {
        from_str::<T>(text).unwrap_err()
    }

    fn at(line: usize, column: usize) -> Option<Position> {
        Some(Position { line, column })
    }

    const DOC: &str = "name: x\ncount: 1\nratio: 1\non: true\nlist: []\n";

    /// [`DOC`] with the line of one field replaced.
    fn doc_with(line: &str) -> String {
        let key = line.split(':').next().unwrap_or_default();
        let mut out: String = DOC
            .lines()
            .filter(|l| !l.starts_with(&format!("{key}:")))
            .map(|l| format!("{l}\n"))
            .collect();
        out.push_str(line);
        out.push('\n');
        out
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
        // A string field takes any plain scalar but null as written.
        let d: Doc = from_str(&doc_with("name: 1.0")).unwrap();
        assert_eq!(d.name, "1.0");
        let i: Item = from_str("id: 4.1\ntags: [true, 007, 0x1F]\n").unwrap();
        assert_eq!(
            (i.id.as_str(), i.tags),
            ("4.1", vec!["true".into(), "007".into(), "0x1F".into()])
        );
    }

    #[test]
    fn reads_the_shapes_the_files_use() {
        let s: Shapes = from_str(
            "rules:\n  - rule: min-level\n    level: full\n  - {rule: max-findings, finding: major, count: 0}\n\
             evidence:\n  - policy.pdf\n  - ref: plan.pdf\n    reviewed: 2026-01-05\n\
             documented: [document, true, false]\nrefs: {iso9001: '4.4'}\n\
             answers:\n  4.1-1: ~\n  4.1-2:\n    id: x\n  4.1-1: {id: y}\n\
             findings: [minor, 'major']\nempty:\n",
        )
        .unwrap();
        assert_eq!(
            s.rules,
            [
                Rule::MinLevel {
                    level: "full".into(),
                    all: false
                },
                Rule::MaxFindings {
                    finding: Finding::Major,
                    count: 0
                }
            ]
        );
        assert_eq!(
            s.evidence,
            [
                Evidence::Plain("policy.pdf".into()),
                Evidence::Dated(Dated {
                    reference: "plan.pdf".into(),
                    reviewed: Some("2026-01-05".into())
                })
            ]
        );
        assert_eq!(
            s.documented,
            [
                Documented::Kind("document".into()),
                Documented::Flag(true),
                Documented::Flag(false)
            ]
        );
        assert_eq!(s.refs["iso9001"], "4.4");
        let ids: Vec<_> = s
            .answers
            .0
            .iter()
            .map(|(k, a)| (k.as_str(), a.is_some()))
            .collect();
        assert_eq!(ids, [("4.1-1", false), ("4.1-2", true), ("4.1-1", true)]);
        assert_eq!(s.findings, [Finding::Minor, Finding::Major]);
        assert!(s.empty.is_empty());
        // `key:` with nothing after it: an empty list, mapping or entries.
        let s: Shapes =
            from_str("rules:\nevidence:\ndocumented:\nrefs:\nanswers:\nfindings:\n").unwrap();
        assert!(s.rules.is_empty() && s.refs.is_empty() && s.answers.0.is_empty());
    }

    #[test]
    fn errors_carry_line_column_and_key_path() {
        let e = err::<Doc>("name: x\ncount: many\nratio: 1\non: true\nlist: []\n");
        assert_eq!(e.position, at(2, 8));
        assert_eq!(e.path.as_deref(), Some("count"));
        assert!(
            e.message.contains("invalid type: string \"many\""),
            "{}",
            e.message
        );
        let e =
            err::<Doc>("name: x\ncount: 1\nratio: 1\non: true\nlist:\n  - id: a\n  - id: [b]\n");
        assert_eq!(e.position, at(7, 9));
        assert_eq!(e.path.as_deref(), Some("list[1].id"));
        let e =
            err::<Doc>("name: x\ncount: 1\nratio: 1\non: true\nlist:\n  - id: a\n    tagz: []\n");
        assert!(e.message.contains("unknown field `tagz`"), "{}", e.message);
        assert_eq!((e.position, e.path.as_deref()), (at(7, 5), Some("list[0]")));
        let e = err::<Doc>("name: x\ncount: 1\nratio: 1\non: true\nlist:\n  - tags: []\n");
        assert!(e.message.contains("missing field `id`"), "{}", e.message);
        assert_eq!((e.position, e.path.as_deref()), (at(6, 5), Some("list[0]")));
        let e = err::<Shapes>(
            "rules:\n  - rule: min-level\n    level: a\n  - rule: max-findings\n    finding: low\n",
        );
        assert!(e.message.contains("unknown variant `low`"), "{}", e.message);
        // An internally tagged enum is read whole first; its errors are placed at it.
        assert_eq!(
            (e.position, e.path.as_deref()),
            (at(4, 5), Some("rules[1]"))
        );
        let e = err::<Item>("- id\n");
        assert_eq!(e.message, "invalid type: sequence, expected struct Item");
        assert_eq!((e.position, e.path.as_deref()), (at(1, 1), Some("")));
        let e = err::<Doc>("[1]");
        assert_eq!((e.position, e.path.as_deref()), (at(1, 1), Some("")));
    }

    #[test]
    fn invalid_types_are_named_by_their_resolved_type() {
        for (line, message) in [
            ("on: 5", "invalid type: integer `5`, expected a boolean"),
            (
                "on: 'true'",
                "invalid type: string \"true\", expected a boolean",
            ),
            (
                "count: 2.5",
                "invalid type: floating point `2.5`, expected u32",
            ),
            ("count: true", "invalid type: boolean `true`, expected u32"),
            ("count: -1", "invalid value: integer `-1`, expected u32"),
            ("count: '3'", "invalid type: string \"3\", expected u32"),
            ("ratio: ~", "invalid type: null, expected f64"),
            ("name: ~", "invalid type: null, expected a string"),
            ("name: [a]", "invalid type: sequence, expected a string"),
            ("list: 5", "invalid type: integer `5`, expected a sequence"),
            ("list: {a: 1}", "invalid type: map, expected a sequence"),
        ] {
            let e = err::<Doc>(&doc_with(line));
            assert_eq!(e.message, message, "{line}");
            let key = line.split(':').next().unwrap_or_default();
            assert_eq!(e.path.as_deref(), Some(key), "{line}");
            assert_eq!(e.position, at(5, key.len() + 3), "{line}");
        }
        let e = err::<Vec<Documented>>("[5]");
        assert_eq!(
            e.message,
            "invalid type: integer `5`, expected `document`, `record` or a boolean"
        );
        let e = err::<Vec<Documented>>("[~]");
        assert!(
            e.message.starts_with("invalid type: null,"),
            "{}",
            e.message
        );
    }

    #[test]
    fn what_the_files_never_ask_for_is_read_as_any_value() {
        let t: (char, i8, Option<u16>) = from_str("[x, -3, ~]").unwrap();
        assert_eq!(t, ('x', -3, None));
        let e = err::<(String, u8)>("[a, 300]");
        assert_eq!(e.message, "invalid value: integer `300`, expected u8");
        assert_eq!((e.position, e.path.as_deref()), (at(1, 5), Some("[1]")));
        let e = err::<BTreeMap<String, (String, u8)>>("x: [a, 1, b]");
        assert_eq!(e.message, "more entries than expected here");
        assert_eq!((e.position, e.path.as_deref()), (at(1, 4), Some("x")));
        // A variant with content (`{major: 1}`) is not a form the files use.
        let e = err::<Finding>("{major: 1}");
        assert_eq!(e.message, "invalid type: map, expected enum Finding");
    }

    #[test]
    fn a_duplicate_key_is_placed_at_its_second_occurrence() {
        let e = err::<Item>("id: a\ntags: [id]\nid: b\n");
        assert_eq!(e.message, "duplicate field `id`");
        assert_eq!((e.position, e.path.as_deref()), (at(3, 1), Some("")));
        let e = err::<Shapes>("refs:\n  refs: x\nrules: []\nrefs: {}\n");
        assert_eq!(e.message, "duplicate field `refs`");
        assert_eq!(e.position, at(4, 1));
        let e = err::<Doc>(&doc_with(
            "list:\n  - id: a\n  - {tags: [id], id: b, id: c}",
        ));
        assert_eq!(
            (e.position, e.path.as_deref()),
            (at(7, 25), Some("list[1]"))
        );
        let e = err::<Shapes>(
            "rules:\n  - rule: min-level\n    level: a\n    all: true\n    level: b\n",
        );
        assert_eq!(e.message, "duplicate field `level`");
        assert_eq!(
            (e.position, e.path.as_deref()),
            (at(5, 5), Some("rules[0]"))
        );
        // The tag itself written twice is found while the mapping is open; a rule under a
        // key of the same name as its duplicate field is not confused with it.
        let e = err::<Shapes>("rules:\n  - rule: min-level\n    rule: max-findings\n");
        assert_eq!(e.message, "duplicate field `rule`");
        assert_eq!(e.position, at(3, 5));
        let e = err::<BTreeMap<String, Vec<Rule>>>(
            "level:\n  - rule: min-level\n    level: a\n    level: b\n",
        );
        assert_eq!(e.message, "duplicate field `level`");
        assert_eq!(
            (e.position, e.path.as_deref()),
            (at(4, 5), Some("level[0]"))
        );
    }

    #[test]
    fn a_file_holds_at_most_max_nodes_values() {
        let list = |n: usize| format!("[{}]", vec!["a"; n].join(","));
        assert!(from_str::<de::IgnoredAny>(&list(MAX_NODES - 1)).is_ok());
        let e = err::<de::IgnoredAny>(&list(MAX_NODES));
        assert_eq!(
            e.message,
            "the file holds more than 1000000 values (keys, items and texts), the limit for one file"
        );
        assert_eq!(e.position, at(1, 2 * MAX_NODES));
    }

    #[test]
    fn tags_are_refused_where_they_are_written() {
        for (text, tag, position) in [
            ("a: !!str 5\n", "!!str", at(1, 4)),
            ("a: !!int 5\n", "!!int", at(1, 4)),
            ("a: !!float 1.5\n", "!!float", at(1, 4)),
            ("a: !!bool true\n", "!!bool", at(1, 4)),
            ("a: !!null ~\n", "!!null", at(1, 4)),
            ("a: !!map {}\n", "!!map", at(1, 4)),
            ("a: !!seq []\n", "!!seq", at(1, 4)),
            ("a: !local x\n", "!local", at(1, 4)),
            ("a: [x, !<tag:x,2026:y> z]\n", "!<tag:x,2026:y>", at(1, 8)),
            ("!!str a: 1\n", "!!str", at(1, 1)),
            ("--- !!map\na: 1\n", "!!map", at(1, 5)),
        ] {
            let e = err::<serde_json::Value>(text);
            assert_eq!(
                e.message,
                format!(
                    "YAML tags such as `{tag}` are not supported; remove the tag (quote a value to make it text)"
                ),
                "{text}"
            );
            assert_eq!(e.position, position, "{text}");
        }
        let e = err::<Doc>(&doc_with("name: !!str 5"));
        assert_eq!((e.position, e.path.as_deref()), (at(5, 7), Some("name")));
    }

    #[test]
    fn parser_errors_keep_the_parser_message_and_marker() {
        let e = err::<serde_json::Value>("id: [unclosed\n");
        assert_eq!(
            e.message,
            "while parsing a flow sequence, expected ',' or ']'"
        );
        assert_eq!((e.position, e.path.as_deref()), (at(2, 1), Some("id")));
        let e = err::<Item>("id: a: b\n");
        assert_eq!(e.message, "mapping values are not allowed in this context");
        assert_eq!(e.position, at(1, 6));
    }

    #[test]
    fn refuses_aliases_deep_nesting_and_second_documents() {
        let e = err::<Doc>("name: &n x\ncount: 1\nratio: 1\non: true\nnote: *n\nlist: []\n");
        assert!(e.message.contains("aliases"), "{}", e.message);
        assert_eq!((e.position, e.path.as_deref()), (at(5, 7), Some("note")));
        // Flow nesting beyond the scanner's own limit (255) and beyond ours (128) read the
        // same: the place is the collection one level too deep.
        for levels in [MAX_DEPTH + 1, 1000] {
            let deep = format!("{}{}", "[".repeat(levels), "]".repeat(levels));
            let e = err::<serde_json::Value>(&deep);
            assert_eq!(
                e.message, "nesting is too deep (more than 128 levels)",
                "{levels}"
            );
            assert_eq!(e.position, at(1, MAX_DEPTH + 1), "{levels}");
        }
        let deep = format!("{}{}", "[".repeat(MAX_DEPTH), "]".repeat(MAX_DEPTH));
        assert!(from_str::<serde_json::Value>(&deep).is_ok());
        let deep = format!("x: {}{}", "[".repeat(1000), "]".repeat(1000));
        let e = err::<serde_json::Value>(&deep);
        assert_eq!(
            (e.position, e.path.as_deref()),
            (at(1, 4 + MAX_DEPTH - 1), Some("x"))
        );
        let block: String = (0..=MAX_DEPTH)
            .map(|i| format!("{}a:\n", "  ".repeat(i)))
            .collect();
        let e = err::<serde_json::Value>(&block);
        assert!(e.message.contains("nesting is too deep"), "{}", e.message);
        assert_eq!(e.position, at(MAX_DEPTH + 1, 2 * MAX_DEPTH + 1));
        // Skipped values are limited too.
        let e = err::<serde::de::IgnoredAny>(&format!("{}{}", "[".repeat(200), "]".repeat(200)));
        assert!(e.message.contains("nesting is too deep"), "{}", e.message);
    }

    #[test]
    fn reads_one_document() {
        let i: Item = from_str("---\nid: a\n...\n").unwrap();
        assert_eq!(i.id, "a");
        let e = err::<Item>("id: a\n---\nid: b\n");
        assert!(e.message.contains("second YAML document"), "{}", e.message);
        assert_eq!(e.position, at(2, 1));
        let e = err::<Item>("# only a comment\n");
        assert_eq!(e.message, "the document is empty");
    }

    #[test]
    fn untyped_scalars_follow_the_core_schema() {
        let v: serde_json::Value = from_str(
            "a: 1\nb: -2\nc: 1.5\nd: true\ne: ~\nf: 2026-11-30\ng: '3'\nh: 1e3\ni: 8.5.1\n\
             j: 0x1F\nk: 0o17\nl: +4\nm: .inf\nn: NULL\no: False\np: \"true\"\nq:\nr: yes\n",
        )
        .unwrap();
        assert_eq!(
            v,
            serde_json::json!({"a": 1, "b": -2, "c": 1.5, "d": true, "e": null, "f": "2026-11-30",
                "g": "3", "h": 1000.0, "i": "8.5.1", "j": 31, "k": 15, "l": 4, "m": null,
                "n": null, "o": false, "p": "true", "q": null, "r": "yes"})
        );
        let v: f64 = from_str("-.inf").unwrap();
        assert_eq!(v, f64::NEG_INFINITY);
    }
}
