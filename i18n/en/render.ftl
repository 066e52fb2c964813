# Templates and the pages they write.

template-not-utf8 = this template is not UTF-8 text
template-no-theme = the theme `{ $theme }` was not found in `themes/`
template-no-theme-hint = check the `theme:` setting in site.yaml, or remove it to use the default theme
template-while-rendering = {" "}(while rendering { $what })
template-syntax-hint = fix the template at this place; the tera syntax is described at https://keats.github.io/tera/
template-missing = the template `{ $name }` does not exist
template-missing-setting-hint = check the `template:` setting, or add the file to your site's `templates/` folder
template-missing-hint = check the spelling, or add the file to your site's `templates/` folder
template-error = template error: { $error }{ $context }
template-error-hint = check the templates of your theme and of your site's `templates/` folder
template-unknown-template-hint = check the name: templates are looked for in your site's `templates/` folder, then in the theme's `templates/`
template-unknown-component-hint = check the name: components are the `{"{"}% component name(...) %{"}"}` of your theme's and your site's templates
template-unknown-block-hint = check the name: a block replaces a block of the same name in the template this one extends
template-unknown-name-hint = check the spelling: templates can use tera's filters, tests and functions (https://keats.github.io/tera/), ruche's `date` filter, and its functions `get_page`, `get_section`, `get_url`, `get_taxonomy_url`, `resize_image` and `include_cached`
template-get-url-unknown = get_url: `{ $path }` is not a page or section of content/
template-get-page-unknown = get_page: no page `content/{ $path }`
template-get-section-unknown = get_section: no section `content/{ $path }`
template-resize-bad-op = resize_image: `{ $op }` is not an op: use `fit`, `fill` or `scale`
template-resize-no-size = resize_image: give a `width`, a `height` or both
template-resize-unavailable = resize_image: images are not available here
template-include-not-loaded = include_cached: the templates are not loaded yet
template-include-name-variables = include_cached: name each variable
template-include-failed = include_cached: `{ $template }` failed: { $error }
template-date-bad-format = date: unknown format `{ $format }`; use long, short, month or iso

render-taxonomy-list = the `{ $name }` list
render-term-page = the `{ $name }` term page
render-404 = the 404 page
render-taxonomy = taxonomy `{ $name }`
render-same-output = `{ $owner }` and `{ $first }` both produce `{ $path }`
render-same-output-hint = rename one of them, or change its `slug:` or `aliases:`
render-translations-hint = translations.yaml maps a language code to `key: text` lines
