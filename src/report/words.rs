//! Client words: the scoring's sentences name levels and stages by their ids (`below
//! largely`, `stage-1-ready`), which a client's management should not have to decode. The
//! client report shows the same sentences with each id replaced by its label from the
//! catalogue (`below largely implemented`), and without code spans.

/// `text` with every whole-word level id and verdict id replaced by its label (a level's in
/// lower case, as it stands inside a sentence), and file keys in backticks dropped with
/// their parentheses (` (`operating_since`)`) or their backticks.
pub fn client_words<'a>(
    text: &str,
    levels: impl Iterator<Item = (&'a str, &'a str)> + Clone,
    stages: impl Iterator<Item = (&'a str, &'a str)> + Clone,
) -> String {
    let text = drop_code(text);
    let mut out = String::with_capacity(text.len() + 16);
    let mut word = String::new();
    let is_word = |c: char| c.is_alphanumeric() || c == '-' || c == '_';
    let flush = |word: &mut String, out: &mut String| {
        if word.is_empty() {
            return;
        }
        if let Some((_, label)) = stages.clone().find(|(id, _)| *id == word.as_str()) {
            out.push_str(label);
        } else if let Some((_, label)) = levels.clone().find(|(id, _)| *id == word.as_str()) {
            out.push_str(&lower_first(label));
        } else {
            out.push_str(word);
        }
        word.clear();
    };
    for c in text.chars() {
        if is_word(c) {
            word.push(c);
        } else {
            flush(&mut word, &mut out);
            out.push(c);
        }
    }
    flush(&mut word, &mut out);
    out
}

fn lower_first(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        // Keep an acronym (`SMS`) as it is.
        Some(c) if !chars.clone().next().is_some_and(char::is_uppercase) => {
            c.to_lowercase().chain(chars).collect()
        }
        _ => s.to_string(),
    }
}

fn drop_code(text: &str) -> String {
    let mut s = text.to_string();
    while let Some(start) = s.find(" (`") {
        let Some(len) = s[start..].find("`)") else {
            break;
        };
        s.replace_range(start..start + len + 2, "");
    }
    s.replace('`', "")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_become_labels_and_code_goes() {
        let levels = [
            ("none", "Not implemented"),
            ("largely", "Largely implemented"),
        ];
        let stages = [("stage-1-ready", "Ready for the Stage 1 audit")];
        let w = |t: &str| client_words(t, levels.iter().copied(), stages.iter().copied());
        assert_eq!(
            w("13 document requirements below largely: 6.1-2, 6.1-3"),
            "13 document requirements below largely implemented: 6.1-2, 6.1-3"
        );
        assert_eq!(
            w("each has a requirement rated above none"),
            "each has a requirement rated above not implemented"
        );
        assert_eq!(
            w("verdict stage-1-ready."),
            "verdict Ready for the Stage 1 audit."
        );
        assert_eq!(
            w("the SMS has operated for 90 days before the as-of date (`operating_since`)"),
            "the SMS has operated for 90 days before the as-of date"
        );
        // Part of a longer word, or an id inside a requirement id, stays.
        assert_eq!(
            w("largelyx none-such 8.1-none"),
            "largelyx none-such 8.1-none"
        );
        assert_eq!(lower_first("SMS manager"), "SMS manager");
    }
}
