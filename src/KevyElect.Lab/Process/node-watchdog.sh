# Runs one kevy node for the process lab and watches the lab's host for it.
# $1 server  $2 config  $3 log  $4 node directory  $5 lab directory
# Standard input is a pipe from the host. The host writes "release" before it lets go of a node;
# input that ends without it means the host is gone (killed, crashed): then kevy is killed and the
# node's directory removed, and the last node to go removes the lab directory.
# Standard output tells the host "pid <kevy pid>" once kevy runs and "exited <status>" when it ends.
exec 2>>"$3" 3<&0 </dev/null
rm -f "$4/exited"
"$1" --config "$2" >>"$3" 2>&1 3<&- &
kevy=$!
echo "pid $kevy"
{
    while IFS= read -r line; do
        if [ "$line" = release ]; then exit 0; fi
    done
    # No release: the host is gone.
    [ -e "$4/exited" ] || kill -KILL "$kevy" 2>/dev/null
    i=0
    while [ ! -e "$4/exited" ] && [ "$i" -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
    rm -rf "$4"
    rmdir "$5" 2>/dev/null
    exit 0
} <&3 >/dev/null 2>&1 &
exec 3<&-
wait "$kevy"
status=$?
: > "$4/exited"
echo "exited $status"
