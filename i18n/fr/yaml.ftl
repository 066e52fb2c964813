# Le YAML (site.yaml, en-têtes des pages) expliqué à qui n’a jamais entendu parler de
# « séquence » : les mots de l’analyseur sont remplacés morceau par morceau, et chaque morceau
# doit se lire avec les autres.

yaml-never-closed = { $what } ouvert ici n’est jamais fermé
yaml-a-quote = un guillemet
yaml-a-list = un crochet `[`
yaml-a-group = une accolade `{"{"}`
yaml-tab-at-start = une tabulation se trouve au début de la ligne
yaml-the-text = le texte
yaml-the-number = le nombre
yaml-the-value = la valeur
yaml-was-given-but = {" "}a été donné, mais{" "}
yaml-but = ,{" "}mais{" "}
yaml-given-list = une liste a été donnée
yaml-given-group = un groupe de clés a été donné
yaml-given-nothing = rien n’a été donné
yaml-expected-list = une liste est attendue (`[a, b]` ou une ligne `- élément` par élément)
yaml-expected-text = un texte simple est attendu
yaml-expected-whole = un nombre entier est attendu
yaml-expected-positive = un nombre entier positif est attendu
yaml-expected-boolean = `true` ou `false` est attendu
yaml-expected-cover = des lignes `src:` et `alt:` sont attendues
yaml-expected-speaker = des lignes `name:` (et `role:`) sont attendues
yaml-expected-event = une ligne `start:` et les autres lignes de l’événement sont attendues
yaml-missing-key = il manque la clé
yaml-tab-found = une tabulation a été trouvée
yaml-line-does-not-fit = cette ligne n’a pas sa place ici : vérifiez son retrait et sa forme `clé: valeur`
yaml-value-missing = une valeur manque, ou commence par un caractère que YAML réserve : mettez-la entre guillemets
yaml-in-key = dans `{ $key }` : { $words }

yaml-unclosed-bracket = une liste `[…]` ou un groupe `{"{"}…{"}"}` a été ouvert sans être fermé : fermez-le sur la même ligne, ou mettez entre guillemets un texte qui commence par `[` ou `{"{"}`
yaml-hint-tabs = YAML n’accepte pas les tabulations pour le retrait : utilisez des espaces
yaml-hint-quote = un guillemet a été ouvert sans être fermé : ajoutez le guillemet fermant sur la même ligne
yaml-hint-duplicate = une clé apparaît deux fois : n’en gardez qu’une
