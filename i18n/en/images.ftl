# What ruche says about the images of a site: a photo that cannot be read, an alt text that
# says nothing, site.yaml's `images:` settings, `resize_image` in templates. Values between
# backticks are the particulars of a message.

## The images pages show

image-no-alt = the image `{ $image }` has no alt text
image-alt-says-nothing = the alt text of the image `{ $image }` (`{ $alt }`) does not say what it shows
image-alt-hint = describe the picture for people who cannot see it: `![Les délégués votent à main levée](vote.jpg)`
image-unshowable = no web browser can show the image `{ $image }`
image-unshowable-hint = export it as JPEG (photos) or PNG (drawings) and use that file instead
image-heavy = the image `{ $image }` weighs { $megabytes } MB
image-heavy-hint = ruche publishes small copies, but a file this heavy slows every build: export it at 4000 pixels wide at most
image-unreadable = the image `{ $image }` cannot be read: { $reason }
image-unreadable-hint = open the file in an image editor and save it again as JPEG or PNG, or replace it with another copy
image-shown-unreadable = this page shows `{ $image }`, which cannot be published: { $reason }
image-heic-hint = export it as JPEG: on the iPhone, Settings > Camera > Formats > Most Compatible makes new photos JPEG; for this one, open it in Photos (Mac) or any image editor and export as JPEG

## Images ruche does not resize: photos no page shows (clean copies under their own names), files no browser shows

image-loose-unreadable = the image `{ $image }`, which no page shows, is left out of the site: { $reason }, so ruche cannot publish a copy without its metadata (such as where it was taken)
image-loose-hint = if a page links to it, save it again as JPEG or PNG with an image editor; otherwise delete it
image-loose-tagged = the image `{ $image }` is left out of the site: no browser can show it, and it carries EXIF data (which may say where it was taken) that ruche cannot remove from this format
image-strip-unreadable = the image `{ $image }` is left out of the site: { $reason }, so ruche cannot publish a copy without its metadata (comments, XMP)
image-strip-hint = open it in an image editor and save it again as GIF, or replace it with another copy
image-svg-malformed = the SVG image `{ $image }` is left out of the site: it is not well-formed XML ({ $reason })
image-svg-hint = open it in Inkscape or your drawing program and save it again as plain SVG, or export it as PNG
image-svg-unclosed = a tag is not closed before the end of the file
image-svg-empty = the file holds no element

## Why an image cannot be read

image-is-heic = it is a HEIC photo (the iPhone's format), which ruche cannot read
image-format-unread = its format ({ $format }) is not one ruche reads (JPEG, PNG, WebP, GIF)
image-damaged = it is damaged or cut short
image-not-an-image = it is not an image ruche knows (JPEG, PNG, WebP, GIF)
image-cannot-open = it cannot be opened ({ $reason })
image-cannot-read = it cannot be read ({ $reason })

## The cache of copies

image-cache-unwritable = could not write the image cache in `.ruche-cache/images`: { $reason }
image-copies-unwritable = could not write the copies of `{ $image }` in `.ruche-cache/images`: { $reason }
image-changed-meanwhile = the image `{ $image }` changed while ruche was making its copies
image-changed-meanwhile-hint = build the site again once the file is saved

## site.yaml's `images:`

image-widths = `images.widths` must list widths between 16 and 8192 pixels
image-widths-hint = write for example `widths: [480, 960, 1440, 1920]`
image-quality = `images.quality` is { $quality }, it must be between 1 and 100
image-quality-hint = 80 keeps photos sharp at a quarter of their weight
image-format-unknown = `{ $format }` is not an image format ruche publishes
image-format-unknown-hint = use `formats: [webp]`, or `formats: [avif, webp]` for smaller files that take longer to make (the original's format is always kept too)

## `resize_image` in templates

image-resize-not-a-file = resize_image: `{ $path }` is not a file of content/ or (with a leading `/`) static/
image-resize-unreadable = resize_image: the image `{ $path }` cannot be read: { $reason }
image-resize-format = resize_image: `{ $format }` is not a format: use `auto`, `avif`, `webp`, `jpg` or `png`
