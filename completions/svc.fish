# fish completion for svc: the candidates come from the binary itself (svc __complete).
complete -c svc -f -a '(svc __complete (commandline -opc)[2..-1] (commandline -ct) 2>/dev/null)'
