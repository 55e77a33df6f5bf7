/* Placeholder: static/js/foto.js (shrinking photos in the browser before upload) comes from the phone-evidence work. */
