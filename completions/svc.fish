# fish completion for svc: the candidates come from the binary itself (svc __complete), with
# their descriptions; ":files" (":dirs") where a file (directory) name is expected.
function __svc_complete
    set -l current (commandline -ct)
    set -l answer (svc __complete (commandline -opc)[2..-1] $current 2>/dev/null)
    # "--db=./x": the path after the "=".
    set -l option (string match -r -- '^--[^=]*=' $current)
    set -l path (string replace -r -- '^--[^=]*=' '' $current)
    switch "$answer[1]"
        case :files
            for p in (__fish_complete_path $path)
                echo "$option$p"
            end
        case :dirs
            for p in (__fish_complete_directories $path)
                echo "$option$p"
            end
        case '*'
            printf '%s\n' $answer
    end
end
complete -c svc -f -a '(__svc_complete)'
