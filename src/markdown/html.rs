//! [`Html`]: a page's rendered body, made once and shared by every view that shows it.

/// HTML made once and shared. It is kept as the string value templates read, so that the
/// views showing it point at this one text instead of each holding a copy: the bodies are the
/// largest thing a build holds (400 MB of a 100,000-article site). Reads as a `&str`.
#[derive(Clone)]
pub struct Html(tera::Value);

impl Html {
    /// The value templates get, sharing the text.
    pub fn value(&self) -> tera::Value {
        self.0.clone()
    }
}

impl From<String> for Html {
    fn from(html: String) -> Html {
        Html(tera::Value::from(html))
    }
}

impl Default for Html {
    fn default() -> Html {
        Html::from(String::new())
    }
}

impl std::ops::Deref for Html {
    type Target = str;
    fn deref(&self) -> &str {
        self.0.as_str().unwrap_or_default()
    }
}

impl std::fmt::Display for Html {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self)
    }
}

impl std::fmt::Debug for Html {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Debug::fmt(&**self, f)
    }
}
