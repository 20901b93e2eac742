# The front door: a README read in five minutes, every link between it and docs/ resolving (files and headings), and a
# root whose entries say the architecture, a .ci/run that reads as a table of contents. Needs: nothing.
log "the README and docs/"
lines=$(wc -l <README.md)
(( lines <= 300 )) || fail "README.md has $lines lines (at most 300)"
echo "ok - README.md: $lines lines"

# A heading's anchor as GitHub makes it: lower case, punctuation dropped, spaces to hyphens.
anchors() { sed -n 's/^#\{1,6\} //p' "$1" | tr '[:upper:]' '[:lower:]' | sed 's/[^a-z0-9 _-]//g; s/ /-/g'; }
links=0
for page in README.md docs/*.md; do
  dir=$(dirname "$page")
  # Each link's target, with code spans taken out first (a link written inside backticks is not one).
  while IFS= read -r target; do
    [[ -z $target || $target == http://* || $target == https://* || $target == mailto:* ]] && continue
    file=${target%%#*}
    anchor=${target#"$file"}
    anchor=${anchor#\#}
    path=$([[ -z $file ]] && echo "$page" || echo "$dir/$file")
    [[ -e $path ]] || fail "$page links to $target: no such file"
    if [[ -n $anchor ]]; then
      anchors "$path" | grep -qx -- "$anchor" || fail "$page links to $target: no such heading in $path"
    fi
    links=$((links + 1))
  done < <(sed 's/`[^`]*`//g' "$page" | grep -o '\](\([^)]*\))' | sed 's/^](//; s/)$//')
done
echo "ok - $links links between README.md and docs/ resolve"

# What is in the repository at the root (target/, the build's output, is not).
entries=$(ls | grep -vx target | wc -l)
(( entries <= 14 )) || fail "the root has $entries entries (at most 14): $(ls | grep -vx target | tr '\n' ' ')"
for course in pom.xml monolith-v1 monolith-v2 notification-ms-spy parallel-run-batch nginx docker-compose README.md; do
  [[ -e $course ]] || fail "the course's $course is not at the root"
done
echo "ok - the root: $entries entries, the course's names among them"
# CI's own front door: .ci/run reads as the table of contents of what CI proves; the chapters hold the rest.
run_lines=$(wc -l <.ci/run)
(( run_lines <= 80 )) || fail ".ci/run has $run_lines lines (at most 80): what a chapter does goes in .ci/chapters/"
echo "ok - .ci/run: $run_lines lines, ${#CHAPTERS[@]} chapters"
figure "front door" "README.md $lines lines, $links links resolve, $entries entries at the root, .ci/run $run_lines lines"
