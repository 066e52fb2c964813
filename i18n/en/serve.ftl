# ruche serve: the terminal, the preview's own pages.

serve-started = Preview on { $url } (Ctrl-C to stop)
serve-browser-failed = The browser could not be opened ({ $error }): open { $url } yourself.
serve-stopping = Stopping the preview.
serve-port-taken = Port { $port } is taken: preview on { $url }
serve-thread-failed = The rebuild thread could not start: { $error }
serve-ctrl-c-failed = Ctrl-C cannot be caught: { $error }
serve-server-failed = The preview server could not start: { $error }
serve-port-unusable = Port { $port } cannot be used: { $error }
serve-address-unknown = Unknown listening address: { $error }
serve-cannot-listen = Cannot listen on { $ip } port { $port }: { $error }
serve-ports-taken = Ports { $first } to { $last } are all taken.
serve-ports-taken-hint = Stop the other preview or choose a port with --port.
serve-built = Site built in { $ms } ms.
serve-rebuilt-nothing = { $what }: rebuilt in { $ms } ms, nothing changed.
serve-rebuilt-styles = { $what }: styles updated in { $ms } ms.
serve-rebuilt-reload = { $what }: rebuilt in { $ms } ms, the page reloads.
serve-the-site = Site
serve-and-others = { $others ->
    [one] { $name } and 1 other file
   *[other] { $name } and { $others } other files
}
serve-edit-has-error = The last change has an error; the preview keeps the last good version.
serve-first-build-failed = The site could not be built:
serve-fix-and-save = Fix the error shown and save: the page will update.
serve-internal-error = The build stopped on an internal error of ruche. { $detail }
serve-internal-error-hint = This is a bug in ruche: please report it. Save again to retry.
serve-search-not-updated = The preview's search will not be updated: { $error }
serve-search-failed = The preview's search could not be updated (internal error of ruche); it will be after the next save.
serve-cannot-watch = The site's files cannot be watched: { $error }
serve-cannot-watch-hint = On Linux, the limit on watched files is raised with `sysctl fs.inotify.max_user_watches=524288`.
serve-watch-error = Watching files: { $error }
serve-server-stopped = The preview server stopped on an error: { $error }
serve-read-only = The preview only reads.
serve-outside = Address refused: it leads out of the site.
serve-forbidden = The preview only answers at its own address (an IP address or localhost), from its own pages.
serve-going-away = the preview is stopping
serve-404-title = Page not found
serve-404-text = No page at the address `{ $path }`.
serve-not-built-title = The site could not be built yet
serve-home = Home page of the site

# The error overlay over the previewed page.
overlay-site = Site
overlay-line = , line { $line }
overlay-column = , column { $column }
overlay-warning = Warning — {""}
overlay-source-line = Line { $line } of the file
overlay-hint = Hint: { $hint }
overlay-title-kept = The last change has an error
overlay-title-failed = The site has an error
overlay-intro-kept = The preview shows the last good version.
overlay-intro-failed = The site could not be built yet.
overlay-fix = Fix and save: this message will go away by itself.
overlay-close = Hide
overlay-warnings-title = { $count ->
    [one] 1 thing to look at in the file you saved
   *[other] { $count } things to look at in the file you saved
}
