# site.yaml.

config-no-site-yaml = no site.yaml was found in `{ $dir }`
config-no-site-yaml-hint = run ruche inside your site's folder, give it with --root DIR, or create a site with `ruche init DIR`
config-form-hint = site.yaml holds `key: value` lines, such as `title: Mon journal`
config-unknown-key = `{ $key }` is not a site.yaml setting
config-known-keys = the settings are: { $keys }
config-base-url-not-absolute = `{ $url }` is not an absolute URL
config-base-url-hint = write the address where the site will be published, such as `https://www.ma-coop.fr` or `https://ma-coop.fr/journal`
config-base-url-option = `{ $url }` is not an absolute URL: write it like https://ma-coop.fr/journal
config-unknown-typography = `{ $value }` is not a typography setting
config-typography-hint = use `typography: fr` for French spacing rules, or `typography: none`
config-paginate-by-zero = `paginate_by` must be at least 1
config-unknown-timezone = `{ $zone }` is not a time zone ruche knows
config-timezone-hint = write a zone name such as `Europe/Paris`, `Europe/Brussels`, `America/Montreal` or `UTC`
config-bad-taxonomy = `{ $name }` cannot be a taxonomy name: it becomes a folder of the site
config-bad-taxonomy-hint = use letters without accents, digits, `-` or `_`, such as `thematiques`
config-bad-theme = `{ $theme }` is not a theme folder name
config-bad-theme-hint = write the name of a folder inside `themes/`, such as `default`
config-bad-language = `{ $language }` is not a language code
config-bad-language-hint = write a code such as `fr`, `fr-BE`, `br` or `en`
