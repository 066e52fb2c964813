# Ce que dit ruche des images d’un site : une photo illisible, un texte alternatif qui ne dit
# rien, les réglages `images:` de site.yaml, `resize_image` dans les gabarits. Les valeurs entre
# accents graves sont les particularités d’un message.

## Les images que montrent les pages

image-no-alt = l’image `{ $image }` n’a pas de texte alternatif
image-alt-says-nothing = le texte alternatif de l’image `{ $image }` (`{ $alt }`) ne dit pas ce qu’elle montre
image-alt-hint = décrivez l’image pour les personnes qui ne peuvent pas la voir : `![Les délégués votent à main levée](vote.jpg)`
image-unshowable = aucun navigateur web ne peut afficher l’image `{ $image }`
image-unshowable-hint = exportez-la en JPEG (photos) ou en PNG (dessins) et utilisez ce fichier à la place
image-heavy = l’image `{ $image }` pèse { $megabytes } Mo
image-heavy-hint = ruche publie des copies légères, mais un fichier aussi lourd ralentit chaque construction : exportez-le en 4000 pixels de large au plus
image-unreadable = l’image `{ $image }` ne peut pas être lue : { $reason }
image-unreadable-hint = ouvrez le fichier dans un logiciel de retouche et enregistrez-le à nouveau en JPEG ou en PNG, ou remplacez-le par une autre copie
image-shown-unreadable = cette page montre `{ $image }`, qui ne peut pas être publiée : { $reason }
image-heic-hint = exportez-la en JPEG : sur l’iPhone, Réglages > Appareil photo > Formats > Le plus compatible enregistre les nouvelles photos en JPEG ; pour celle-ci, ouvrez-la dans Photos (Mac) ou un logiciel de retouche et exportez-la en JPEG

## Les images que ruche ne redimensionne pas : photos qu’aucune page ne montre (copies propres sous leur propre nom), fichiers qu’aucun navigateur n’affiche

image-loose-unreadable = l’image `{ $image }`, qu’aucune page ne montre, est laissée hors du site : { $reason }, donc ruche ne peut pas en publier une copie sans ses métadonnées (comme le lieu de la prise de vue)
image-loose-hint = si une page y renvoie, enregistrez-la à nouveau en JPEG ou en PNG avec un logiciel de retouche ; sinon, supprimez-la
image-loose-tagged = l’image `{ $image }` est laissée hors du site : aucun navigateur ne peut l’afficher, et elle porte des données EXIF (qui peuvent dire où elle a été prise) que ruche ne sait pas retirer de ce format
image-strip-unreadable = l’image `{ $image }` est laissée hors du site : { $reason }, donc ruche ne peut pas en publier une copie sans ses métadonnées (commentaires, XMP)
image-strip-hint = ouvrez-la dans un logiciel de retouche et enregistrez-la à nouveau en GIF, ou remplacez-la par une autre copie
image-svg-malformed = l’image SVG `{ $image }` est laissée hors du site : ce n’est pas du XML bien formé ({ $reason })
image-svg-hint = ouvrez-la dans Inkscape ou votre logiciel de dessin et enregistrez-la à nouveau en SVG simple, ou exportez-la en PNG
image-svg-unclosed = une balise n’est pas fermée avant la fin du fichier
image-svg-empty = le fichier ne contient aucun élément

## Pourquoi une image ne peut pas être lue

image-is-heic = c’est une photo HEIC (le format de l’iPhone), que ruche ne sait pas lire
image-format-unread = son format ({ $format }) n’est pas un de ceux que lit ruche (JPEG, PNG, WebP, GIF)
image-damaged = elle est abîmée ou incomplète
image-not-an-image = ce n’est pas une image que connaît ruche (JPEG, PNG, WebP, GIF)
image-cannot-open = elle ne peut pas être ouverte ({ $reason })
image-cannot-read = elle ne peut pas être lue ({ $reason })

## Le cache des copies

image-cache-unwritable = impossible d’écrire le cache des images dans `.ruche-cache/images` : { $reason }
image-copies-unwritable = impossible d’écrire les copies de `{ $image }` dans `.ruche-cache/images` : { $reason }
image-changed-meanwhile = l’image `{ $image }` a changé pendant que ruche en faisait les copies
image-changed-meanwhile-hint = construisez le site à nouveau une fois le fichier enregistré

## Les réglages `images:` de site.yaml

image-widths = `images.widths` doit lister des largeurs entre 16 et 8192 pixels
image-widths-hint = écrivez par exemple `widths: [480, 960, 1440, 1920]`
image-quality = `images.quality` vaut { $quality }, elle doit être comprise entre 1 et 100
image-quality-hint = 80 garde les photos nettes pour un quart de leur poids
image-format-unknown = `{ $format }` n’est pas un format d’image que publie ruche
image-format-unknown-hint = utilisez `formats: [webp]`, ou `formats: [avif, webp]` pour des fichiers plus légers, plus longs à produire (le format de l’original est toujours gardé aussi)

## `resize_image` dans les gabarits

image-resize-not-a-file = resize_image : `{ $path }` n’est pas un fichier de content/ ni (avec un `/` au début) de static/
image-resize-unreadable = resize_image : l’image `{ $path }` ne peut pas être lue : { $reason }
image-resize-format = resize_image : `{ $format }` n’est pas un format : utilisez `auto`, `avif`, `webp`, `jpg` ou `png`
