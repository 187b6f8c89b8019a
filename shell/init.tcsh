setenv CCSWITCH_SHELL tcsh ;
alias ccswitch 'source "@HOOK_PATH@" \!*' ;
alias ccswitch_prompt 'if ( $?CCSWITCH_ROUTE ) echo -n "(cc:$CCSWITCH_ROUTE) "' ;
