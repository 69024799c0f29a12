# cmake -DTRAILPROOF=<binary> -DTEMPLATE=<trailproof.1.in> -DOUT=<trailproof.1> -DVERSION=<x.y.z> -P render_man.cmake
# Writes the man page: the hand-written template with every command's --help
# pasted into COMMANDS as verbatim text, escaped for roff.
foreach(var TRAILPROOF TEMPLATE OUT VERSION)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "render_man.cmake: -D${var}=... is required")
  endif()
endforeach()

set(TP_VERSION "${VERSION}")
set(TP_COMMANDS "")
foreach(command detect replay validate explain new-rule)
  execute_process(COMMAND "${TRAILPROOF}" ${command} --help
                  OUTPUT_VARIABLE help RESULT_VARIABLE rc ERROR_VARIABLE stderr)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "render_man.cmake: '${TRAILPROOF} ${command} --help' failed (${rc}): ${stderr}")
  endif()
  string(REGEX REPLACE "[ \n]+$" "" help "${help}")
  string(REGEX REPLACE " +\n" "\n" help "${help}")
  # roff: a backslash is \e, a minus is \-, and \& keeps a line starting with
  # '.' or "'" from being read as a request.
  string(REPLACE "\\" "\\e" help "${help}")
  string(REPLACE "-" "\\-" help "${help}")
  string(REPLACE "\n" "\n\\&" help "${help}")
  string(REPLACE "-" "\\-" title "${command}")
  string(APPEND TP_COMMANDS ".SS trailproof ${title}\n.nf\n\\&${help}\n.fi\n")
endforeach()
string(REGEX REPLACE "\n$" "" TP_COMMANDS "${TP_COMMANDS}")
configure_file("${TEMPLATE}" "${OUT}" @ONLY)
